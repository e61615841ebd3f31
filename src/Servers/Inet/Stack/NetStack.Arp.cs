using System.Collections.Generic;

namespace Minix3.Cosmos.Servers.Inet.Stack
{
    // ARP for IPv4 over Ethernet (RFC 826). Wire format after the Ethernet
    // header: htype(2)=1 ptype(2)=0x0800 hlen(1)=6 plen(1)=4 op(2) sha(6)
    // spa(4) tha(6) tpa(4), 28 bytes.
    public sealed partial class NetStack
    {
        public const int ArpLength = 28;
        public const int ArpRequest = 1;
        public const int ArpReply = 2;

        private void ArpInput(NetInterface ifc, byte[] frame, int length)
        {
            Stats.ArpIn++;
            const int a = EthHeader;
            if (length < a + ArpLength || NetBytes.U16(frame, a) != 1 || NetBytes.U16(frame, a + 2) != EtherTypeIp
                || frame[a + 4] != 6 || frame[a + 5] != 4)
            {
                Stats.ArpMalformed++;
                return;
            }
            int op = NetBytes.U16(frame, a + 6);
            ulong sha = NetBytes.Mac(frame, a + 8);
            uint spa = NetBytes.U32(frame, a + 14);
            uint tpa = NetBytes.U32(frame, a + 24);
            // A sender claiming our MAC, or a group MAC, is never believed.
            if ((op != ArpRequest && op != ArpReply) || sha == ifc.Mac || ((sha >> 40) & 1) != 0 || sha == 0)
            {
                Stats.ArpMalformed++;
                return;
            }
            if (op == ArpRequest) Stats.ArpRequestsIn++; else Stats.ArpRepliesIn++;
            if (ifc.Address == 0)
                return;
            if (spa == ifc.Address)
            {
                // Someone else uses our address: keep ours, cache nothing.
                Stats.ArpConflicts++;
                return;
            }
            if (spa == 0)
            {
                // An address probe (RFC 5227): answer it, learn nothing.
                if (op == ArpRequest && tpa == ifc.Address)
                    ArpSend(ifc, ArpReply, sha, sha, 0);
                return;
            }
            if (!ifc.OnLink(spa) || spa == tpa)
            {
                // Gratuitous announcements and off-link senders may refresh
                // an entry we have but never add one, so they cannot fill
                // the table or divert traffic we were not sending.
                if (ifc.Arp.Contains(spa) && spa == tpa && ifc.OnLink(spa))
                    ArpFlush(ifc, ifc.Arp.Update(spa, sha, _now, create: false));
                else
                    Stats.ArpGratuitousIgnored++;
                return;
            }
            ArpFlush(ifc, ifc.Arp.Update(spa, sha, _now, create: tpa == ifc.Address));
            if (op == ArpRequest && tpa == ifc.Address)
                ArpSend(ifc, ArpReply, sha, sha, spa);
        }

        private void ArpFlush(NetInterface ifc, ArpCache.Entry? e)
        {
            if (e == null)
                return;
            for (int i = 0; i < e.Pending.Count; i++)
                EthernetSend(ifc, e.Pending[i], e.PendingLength[i], e.Mac, EtherTypeIp);
            e.Pending.Clear();
            e.PendingLength.Clear();
        }

        private void ArpSend(NetInterface ifc, int op, ulong ethDst, ulong tha, uint tpa)
        {
            byte[] f = Packet(ArpLength);
            const int a = EthHeader;
            NetBytes.Put16(f, a, 1);
            NetBytes.Put16(f, a + 2, EtherTypeIp);
            f[a + 4] = 6;
            f[a + 5] = 4;
            NetBytes.Put16(f, a + 6, op);
            NetBytes.PutMac(f, a + 8, ifc.Mac);
            NetBytes.Put32(f, a + 14, ifc.Address);
            NetBytes.PutMac(f, a + 18, tha);
            NetBytes.Put32(f, a + 24, tpa);
            Stats.ArpOut++;
            if (op == ArpReply)
                Stats.ArpRepliesOut++;
            EthernetSend(ifc, f, ArpLength, ethDst, EtherTypeArp);
        }

        // Sends an IP packet to nextHop on ifc, resolving its MAC first if
        // needed; while a request is in flight at most MaxPending packets
        // wait (the oldest is dropped to make room).
        private void ArpOutput(NetInterface ifc, uint nextHop, byte[] frame, int ipLength)
        {
            if (ifc.Arp.TryLookup(nextHop, _now, out ulong mac))
            {
                EthernetSend(ifc, frame, ipLength, mac, EtherTypeIp);
                return;
            }
            ArpCache.Entry e = ifc.Arp.Start(nextHop, _now, out bool fresh);
            if (e.Pending.Count >= ArpCache.MaxPending)
            {
                e.Pending.RemoveAt(0);
                e.PendingLength.RemoveAt(0);
                Stats.ArpPendingDropped++;
            }
            e.Pending.Add(frame);
            e.PendingLength.Add(ipLength);
            if (fresh)
                ArpSend(ifc, ArpRequest, BroadcastMac, 0, nextHop);
        }

        private readonly List<ArpCache.Entry> _arpRetry = new List<ArpCache.Entry>();

        private void ArpTick(NetInterface ifc)
        {
            _arpRetry.Clear();
            ifc.Arp.Expire(_now, _arpRetry, Stats);
            for (int i = 0; i < _arpRetry.Count; i++)
                ArpSend(ifc, ArpRequest, BroadcastMac, 0, _arpRetry[i].Ip);
        }
    }
}
