using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.EthClient
{
    // Plays inet to the Ethernet driver that runs (e1000 or rtl8139; test/Boot
    // EthernetTests): opens it, waits for the link, posts receive buffers,
    // and sends real frames QEMU's user network (slirp) answers: an ARP
    // request for the gateway 10.0.2.2 (the reply carries slirp's MAC) and
    // a DHCP DISCOVER (the reply is an OFFER of 10.0.2.15). Then it has RS
    // crash the driver while a frame is in flight, follows the successor
    // (by label, as FS follows ata), opens it again, sends again every
    // frame that had no reply, and checks that ARP is answered again and
    // that no frame was reported sent by the dead driver after the crash.
    // One check line each; "all checks passed" at the end.
    public static unsafe class Program
    {
        private const ushort GrantSequence = 1;
        private const int Receives = 4;
        private const int SendGrant = 0;       // grant 0: the frame to send; 1..Receives: receive buffers
        private const int BufferBytes = EthLimits.MaxFrame;
        private const uint Gateway = 0x0A000202, Guest = 0x0A00020F;   // 10.0.2.2, 10.0.2.15
        private const uint Xid = 0x4D335846;

        private static readonly GrantEntry[] s_grants = new GrantEntry[1 + Receives];
        internal static GrantEntry[] GrantTable => s_grants;
        private static readonly byte[] s_send = new byte[BufferBytes];
        private static readonly byte[] s_receive = new byte[Receives * BufferBytes];

        private static string s_label = "";
        private static Endpoint s_nic = Endpoint.None;
        private static ulong s_mac;
        private static bool s_opened, s_link, s_statisticsIn;
        private static EthStatisticsReply s_statistics;
        private static long s_nextId = 1;
        private static long s_sendId;             // the send in flight (0: none)
        private static long s_sendResult;          // its reply's result, once it came
        private static bool s_sendAnswered;
        private static ulong s_gatewayMac;         // from an ARP reply (0: none yet)
        private static uint s_offered;             // from a DHCP OFFER (0: none yet)
        private static int s_framesSeen, s_linkNotices;

        public static int Main()
        {
            Checks.Component = "ethclient";
            fixed (GrantEntry* table = s_grants)
                Grants.Publish(table, s_grants.Length);

            if (!Checks.That("found", Find(Endpoint.None, 10000), "neither e1000 nor rtl8139 runs"))
                return 1;
            if (!Checks.That("open", Open(), "no reply to Open"))
                return 1;
            Diagnostics.Print(string.Concat("ethclient: ", s_label, " has address ", FormatMac(s_mac)));
            // The frame relay's guests have 52:54:00:12:35:nn (RelayedGuests.MacOf),
            // slirp's guest QEMU's default 52:54:00:12:34:56: on the relay
            // there is no slirp to answer, only the other guest.
            if ((s_mac & 0xFFFFFFFFFFUL) == 0x3512005452UL)
                return Peer.Run(s_nic, s_mac);
            Checks.That("link-up", WaitForLink(5000), "the link stayed down");

            // This client's policy has no `pci` line: pci refuses it the
            // device (and logs why), whoever asks.
            ushort vendor = s_label == "e1000" ? (ushort)0x8086 : (ushort)0x10EC, device = s_label == "e1000" ? (ushort)0x100E : (ushort)0x8139;
            Checks.Status("claim-without-pci-line", PciClient.Claim(vendor, device, 0, out _), PciStatus.NotInPolicy);

            PostReceives();
            Checks.That("arp-gateway", Arp(), "no ARP reply from 10.0.2.2");
            Diagnostics.Print(string.Concat("ethclient: arp 10.0.2.2 is at ", FormatMac(s_gatewayMac)));
            Checks.That("dhcp-offer", Dhcp(), "no DHCP OFFER");
            Diagnostics.Print(string.Concat("ethclient: dhcp offer ", FormatIp(s_offered)));
            Checks.That("statistics", Statistics() && s_statistics.FramesOut >= 2 && s_statistics.FramesIn >= 2 && s_statistics.Link == 1,
                string.Concat("in ", s_statistics.FramesIn.ToString(), " out ", s_statistics.FramesOut.ToString()));
            Diagnostics.Print(string.Concat("ethclient: statistics in ", s_statistics.FramesIn.ToString(), " frames ", s_statistics.BytesIn.ToString(),
                " bytes, out ", s_statistics.FramesOut.ToString(), " frames ", s_statistics.BytesOut.ToString(), " bytes, drops ", s_statistics.Drops.ToString()));
            SlowClient();
            Checks.Status("send-bad-length", (int)SendAndWait(5, 2000), EthStatus.BadLength);

            // The crash, with a frame handed over just before: the dead
            // driver's reply to it may have come (the frame went out) or
            // not (then it is sent again to the successor), but after the
            // crash only the successor answers.
            Endpoint old = s_nic;
            s_gatewayMac = 0;
            BuildArp();
            s_sendId = s_nextId++;
            s_sendAnswered = false;
            SendRequest(EthRequest.Send, s_sendId, SendGrant, 42);
            Checks.Status("inject-crash", InjectCrash(), Status.Ok);
            if (!Checks.That("successor", Find(old, 10000), "no new driver came"))
                return 1;
            Diagnostics.Print(string.Concat("ethclient: ", s_label, " came back as endpoint ", s_nic.Value.ToString()));
            s_opened = false;
            Checks.That("reopen", Open(), "no reply to Open from the successor");
            Checks.That("same-address", s_mac == 0x563412005452UL, FormatMac(s_mac));
            Checks.That("link-up-again", WaitForLink(5000), "the link stayed down");
            PostReceives();
            Checks.That("arp-after-restart", Arp(), "no ARP reply through the successor");
            Checks.That("successor-counts-from-zero", Statistics() && s_statistics.FramesOut >= 1 && s_statistics.FramesOut <= 8,
                s_statistics.FramesOut.ToString());

            // The link: the host turns it off, then on again (QEMU's
            // set_link) when it reads each of these lines; the driver
            // notifies its client, which asks for the link's state.
            Diagnostics.Print("ethclient: waiting for the link to go down");
            Checks.That("link-down-notified", WaitForLinkNotice(false, 20000), "no notice of the link going down");
            Checks.That("link-down-in-ds", LinkInDataStore() == 0, LinkInDataStore().ToString());
            Diagnostics.Print("ethclient: waiting for the link to come up");
            Checks.That("link-up-notified", WaitForLinkNotice(true, 20000), "no notice of the link coming up");
            Checks.That("link-up-in-ds", LinkInDataStore() == 1, LinkInDataStore().ToString());

            if (Checks.Failed == 0)
                Diagnostics.Print("ethclient: all checks passed");
            return Checks.Failed == 0 ? 0 : 1;
        }

        // "<label>.link" in DS, as the driver published it (-1: not there).
        private static long LinkInDataStore() =>
            new StateStore(s_label).RestoreNumber("link", out uint link) == Status.Ok ? link : -1;

        // Waits for a notification from the driver after which Statistics
        // says the link is `up`.
        private static bool WaitForLinkNotice(bool up, int waitMs)
        {
            int seen = s_linkNotices;
            long deadline = Process.UptimeMs() + waitMs;
            while (Process.UptimeMs() < deadline)
            {
                if (s_linkNotices != seen)
                {
                    seen = s_linkNotices;
                    if (Statistics() && s_link == up)
                        return true;
                }
                Pump(deadline);
            }
            return false;
        }

        // A client that posts no receives: Open again (the driver forgets the
        // posted ones), ask slirp 40 times; its answers fill the driver's
        // queue (32 frames) and the rest are dropped and counted. Posting
        // receives again then brings the queued frames, oldest first.
        private static void SlowClient()
        {
            const int asked = 40, queueFrames = 32;
            s_opened = false;
            Open();
            for (int i = 0; i < asked; i++)
            {
                BuildArp();
                SendAndWait(42, 500);
            }
            long settle = Process.UptimeMs() + 500;
            while (Process.UptimeMs() < settle)
                Pump(settle);
            Statistics();
            uint queued = s_statistics.Queued, dropped = s_statistics.Drops;
            Diagnostics.Print(string.Concat("ethclient: slow client: ", queued.ToString(), " frames queued, ", dropped.ToString(), " dropped"));
            Checks.That("queue-bounded", queued == queueFrames && dropped >= 1 && dropped <= asked - queueFrames,
                string.Concat(queued.ToString(), " queued, ", dropped.ToString(), " dropped"));
            int before = s_framesSeen;
            PostReceives();
            long drain = Process.UptimeMs() + 1000;
            while (s_framesSeen - before < queueFrames && Process.UptimeMs() < drain)
                Pump(drain);
            Checks.That("queue-drained", s_framesSeen - before == queueFrames, (s_framesSeen - before).ToString());
            Statistics();
            Checks.That("queue-empty", s_statistics.Queued == 0, s_statistics.Queued.ToString());
        }

        // The driver that runs and is not `old`, polling up to `waitMs`.
        private static bool Find(Endpoint old, int waitMs)
        {
            for (int waited = 0; waited <= waitMs; waited += 20)
            {
                foreach (string label in new[] { "e1000", "rtl8139" })
                {
                    Endpoint nic = Endpoints.Lookup(label);
                    if (!nic.IsNone && nic != old)
                    {
                        s_nic = nic;
                        s_label = label;
                        for (int i = 0; i < s_grants.Length; i++)
                            s_grants[i].Grantee = nic.Value;
                        return true;
                    }
                }
                Devices.Sleep(20);
            }
            return false;
        }

        private static bool Open()
        {
            if (SendRequest(EthRequest.Open, 0, 0, 0) != Status.Ok)
                return false;
            long deadline = Process.UptimeMs() + 3000;
            while (!s_opened && Process.UptimeMs() < deadline)
                Pump(deadline);
            return s_opened;
        }

        private static bool WaitForLink(int waitMs)
        {
            long deadline = Process.UptimeMs() + waitMs;
            while (!s_link && Process.UptimeMs() < deadline)
            {
                Statistics();
                if (!s_link)
                    Pump(Process.UptimeMs() + 100);
            }
            return s_link;
        }

        private static bool Statistics()
        {
            s_statisticsIn = false;
            if (SendRequest(EthRequest.Statistics, 0, 0, 0) != Status.Ok)
                return false;
            long deadline = Process.UptimeMs() + 2000;
            while (!s_statisticsIn && Process.UptimeMs() < deadline)
                Pump(deadline);
            return s_statisticsIn;
        }

        private static void PostReceives()
        {
            for (int i = 0; i < Receives; i++)
                PostReceive(i);
        }

        private static void PostReceive(int index)
        {
            fixed (byte* buffer = s_receive)
            {
                s_grants[1 + index] = new GrantEntry
                {
                    Flags = GrantFlags.Valid | GrantFlags.Write, Sequence = GrantSequence, Grantee = s_nic.Value,
                    Address = (ulong)(buffer + index * BufferBytes), Length = BufferBytes,
                };
            }
            SendRequest(EthRequest.Receive, index, 1 + index, BufferBytes);
        }

        // Sends the frame in s_send (length bytes) and waits for its reply: the result.
        private static long SendAndWait(int length, int waitMs)
        {
            s_sendId = s_nextId++;
            s_sendAnswered = false;
            int status = SendRequest(EthRequest.Send, s_sendId, SendGrant, length);
            if (status != Status.Ok)
                return status;
            long deadline = Process.UptimeMs() + waitMs;
            while (!s_sendAnswered && Process.UptimeMs() < deadline)
                Pump(deadline);
            return s_sendAnswered ? s_sendResult : Status.Busy;
        }

        // ARP for the gateway, asked again every half second for three seconds.
        private static bool Arp()
        {
            s_gatewayMac = 0;
            for (int attempt = 0; attempt < 6 && s_gatewayMac == 0; attempt++)
            {
                BuildArp();
                long sent = SendAndWait(42, 500);
                if (sent != 42)
                    Diagnostics.Print(string.Concat("ethclient: arp send: ", sent.ToString()));
                long deadline = Process.UptimeMs() + 500;
                while (s_gatewayMac == 0 && Process.UptimeMs() < deadline)
                    Pump(deadline);
            }
            return s_gatewayMac != 0;
        }

        private static bool Dhcp()
        {
            s_offered = 0;
            for (int attempt = 0; attempt < 3 && s_offered == 0; attempt++)
            {
                int length = BuildDiscover();
                long sent = SendAndWait(length, 500);
                if (sent != length)
                    Diagnostics.Print(string.Concat("ethclient: dhcp send: ", sent.ToString()));
                long deadline = Process.UptimeMs() + 1000;
                while (s_offered == 0 && Process.UptimeMs() < deadline)
                    Pump(deadline);
            }
            return s_offered != 0;
        }

        private static int SendRequest(int type, long id, int grant, int length)
        {
            Message message = default;
            message.Type = type;
            EthTransferRequest* request = EthTransferRequest.Of(&message);
            request->Id = id;
            request->Grant = GrantId.From(grant, GrantSequence).Value;
            request->Length = length;
            if (type == EthRequest.Send)
            {
                fixed (byte* frame = s_send)
                {
                    s_grants[SendGrant] = new GrantEntry
                    {
                        Flags = GrantFlags.Valid | GrantFlags.Read, Sequence = GrantSequence, Grantee = s_nic.Value,
                        Address = (ulong)frame, Length = BufferBytes,
                    };
                }
            }
            return Ipc.Send(s_nic, &message);
        }

        // Takes one message (or the alarm at `deadline`) and acts on it.
        private static void Pump(long deadline)
        {
            long left = deadline - Process.UptimeMs();
            if (left <= 0)
                return;
            Devices.SetAlarm(left);
            Message message;
            if (Ipc.Receive(Endpoint.Any, &message) != Status.Ok)
                return;
            if (message.Type == KernelMessageType.Notification)
            {
                // From the driver: the link changed (WaitForLinkNotice asks).
                if (message.Source == s_nic.Value)
                    s_linkNotices++;
                return;
            }
            if (message.Type != EthRequest.Reply || message.Source != s_nic.Value)
                return;
            EthReply* reply = EthReply.Of(&message);
            switch (reply->Request)
            {
                case EthRequest.Open:
                    s_opened = reply->Result == Status.Ok;
                    s_mac = (ulong)reply->Mac;
                    s_link = reply->Link != 0;
                    break;
                case EthRequest.Statistics:
                    s_statistics = *EthStatisticsReply.Of(&message);
                    s_link = s_statistics.Link != 0;
                    s_statisticsIn = true;
                    break;
                case EthRequest.Send:
                    if (reply->Id == s_sendId)
                    {
                        s_sendAnswered = true;
                        s_sendResult = reply->Result;
                    }
                    break;
                case EthRequest.Receive:
                    if (reply->Result > 0 && reply->Id >= 0 && reply->Id < Receives)
                    {
                        fixed (byte* buffer = s_receive)
                            Inspect(buffer + reply->Id * BufferBytes, (int)reply->Result);
                        PostReceive((int)reply->Id);
                    }
                    break;
            }
        }

        private static void Inspect(byte* frame, int length)
        {
            s_framesSeen++;
            if (length < 14)
                return;
            int type = frame[12] << 8 | frame[13];
            if (type == 0x0806 && length >= 42 && Get16(frame + 20) == 2 && Get32(frame + 28) == Gateway && Mac(frame + 32) == s_mac)
                s_gatewayMac = Mac(frame + 22);
            if (type == 0x0800 && length >= 14 + 20 + 8 + 240 && frame[23] == 17)
            {
                int ip = 14, headerBytes = (frame[ip] & 15) * 4;
                byte* udp = frame + ip + headerBytes;
                byte* bootp = udp + 8;
                if (Get16(udp) != 67 || Get16(udp + 2) != 68 || bootp[0] != 2 || Get32(bootp + 4) != Xid)
                    return;
                // Option 53 (message type) = 2: an OFFER.
                int end = length - (int)(bootp - frame);
                for (int at = 240; at + 2 < end && bootp[at] != 255;)
                {
                    if (bootp[at] == 0)
                    {
                        at++;
                        continue;
                    }
                    if (bootp[at] == 53 && bootp[at + 2] == 2)
                        s_offered = Get32(bootp + 16);
                    at += 2 + bootp[at + 1];
                }
            }
        }

        private static void BuildArp()
        {
            fixed (byte* frame = s_send)
            {
                for (int i = 0; i < 42; i++)
                    frame[i] = 0;
                for (int i = 0; i < 6; i++)
                    frame[i] = 0xFF;
                PutMac(frame + 6, s_mac);
                Put16(frame + 12, 0x0806);
                Put16(frame + 14, 1);          // Ethernet
                Put16(frame + 16, 0x0800);     // IPv4
                frame[18] = 6;
                frame[19] = 4;
                Put16(frame + 20, 1);          // request
                PutMac(frame + 22, s_mac);
                Put32(frame + 28, Guest);
                Put32(frame + 38, Gateway);
            }
        }

        // Ethernet broadcast, IPv4 0.0.0.0 -> 255.255.255.255, UDP 68 -> 67,
        // BOOTREQUEST with the broadcast flag and option 53 = DISCOVER.
        private static int BuildDiscover()
        {
            const int ip = 14, udp = ip + 20, bootp = udp + 8, options = bootp + 240;
            int length = options + 4;
            fixed (byte* frame = s_send)
            {
                for (int i = 0; i < length; i++)
                    frame[i] = 0;
                for (int i = 0; i < 6; i++)
                    frame[i] = 0xFF;
                PutMac(frame + 6, s_mac);
                Put16(frame + 12, 0x0800);
                frame[ip] = 0x45;
                Put16(frame + ip + 2, (ushort)(length - ip));
                frame[ip + 8] = 64;
                frame[ip + 9] = 17;
                Put32(frame + ip + 16, 0xFFFFFFFF);
                Put16(frame + ip + 10, Checksum(frame + ip, 20));
                Put16(frame + udp, 68);
                Put16(frame + udp + 2, 67);
                Put16(frame + udp + 4, (ushort)(length - udp));   // no UDP checksum (0: none)
                frame[bootp] = 1;
                frame[bootp + 1] = 1;
                frame[bootp + 2] = 6;
                Put32(frame + bootp + 4, Xid);
                Put16(frame + bootp + 10, 0x8000);
                PutMac(frame + bootp + 28, s_mac);
                Put32(frame + bootp + 236, 0x63825363);
                frame[options] = 53;
                frame[options + 1] = 1;
                frame[options + 2] = 1;
                frame[options + 3] = 255;
            }
            return length;
        }

        private static ushort Checksum(byte* data, int length)
        {
            uint sum = 0;
            for (int i = 0; i + 1 < length; i += 2)
                sum += (uint)(data[i] << 8 | data[i + 1]);
            while (sum >> 16 != 0)
                sum = (sum & 0xFFFF) + (sum >> 16);
            return (ushort)~sum;
        }

        private static int InjectCrash()
        {
            Endpoint rs = Endpoints.Lookup("rs");
            if (rs.IsNone)
                return Status.DeadEndpoint;
            Message message = default;
            message.Type = RsRequest.Inject;
            RsMessage.SetLabel(&message, s_label);
            RsRequestMessage.Of(&message)->Fault = RsFault.Crash;
            int status = Ipc.SendRec(rs, &message);
            return status != Status.Ok ? status : message.Type;
        }

        private static int Get16(byte* p) => p[0] << 8 | p[1];
        private static uint Get32(byte* p) => (uint)(p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3]);
        private static void Put16(byte* p, ushort v) { p[0] = (byte)(v >> 8); p[1] = (byte)v; }
        private static void Put32(byte* p, uint v) { p[0] = (byte)(v >> 24); p[1] = (byte)(v >> 16); p[2] = (byte)(v >> 8); p[3] = (byte)v; }

        private static ulong Mac(byte* p)
        {
            ulong mac = 0;
            for (int i = 0; i < 6; i++)
                mac |= (ulong)p[i] << (8 * i);
            return mac;
        }

        private static void PutMac(byte* p, ulong mac)
        {
            for (int i = 0; i < 6; i++)
                p[i] = (byte)(mac >> (8 * i));
        }

        private static string FormatMac(ulong mac)
        {
            const string digits = "0123456789abcdef";
            char[] text = new char[17];
            for (int i = 0; i < 6; i++)
            {
                int b = (int)(mac >> (8 * i)) & 0xFF;
                text[3 * i] = digits[b >> 4];
                text[3 * i + 1] = digits[b & 15];
                if (i < 5)
                    text[3 * i + 2] = ':';
            }
            return new string(text);
        }

        private static string FormatIp(uint ip) => string.Concat(string.Concat((ip >> 24).ToString(), ".", ((ip >> 16) & 255).ToString()),
            string.Concat(".", ((ip >> 8) & 255).ToString(), ".", (ip & 255).ToString()));
    }
}
