using System;
using System.Collections.Generic;

namespace Minix3.Cosmos.Servers.Inet.Stack
{
    // The protocol engine the inet server hosts. It has no threads and no
    // timers: the host calls Receive for every frame a link delivers, Tick
    // every few tens of milliseconds, and the socket calls
    // (NetStack.Sockets.cs); each passes the current time in milliseconds.
    // Nothing thrown inside leaves an entry point: a bad packet is dropped
    // and counted in Stats, an engine bug counted as InternalErrors.
    //
    // Outgoing packets are built in one array with EthHeader bytes of room
    // in front, so the IP packet becomes a frame without a copy.
    public sealed partial class NetStack
    {
        public const int EthHeader = 14;
        public const int EtherTypeIp = 0x0800;
        public const int EtherTypeArp = 0x0806;
        public const ulong BroadcastMac = 0xFFFFFFFFFFFF;
        public const int MinFrame = 60;   // without the FCS; shorter frames are padded

        public readonly NetStats Stats = new NetStats();
        private readonly List<NetInterface> _interfaces = new List<NetInterface>();
        private readonly List<byte[]> _loopback = new List<byte[]>();
        private readonly List<int> _loopbackLength = new List<int>();
        private int _depth;
        private long _now;
        private ulong _random;

        // Maximum segment lifetime; TIME_WAIT lasts twice this (RFC 9293).
        public long MslMs = 30_000;

        public NetStack(ulong seed)
        {
            _random = seed == 0 ? 0x9E3779B97F4A7C15UL : seed;
            var lo = new NetInterface(0, "lo", null);
            lo.Address = IpAddress.Loopback;
            lo.Mask = IpAddress.MaskOf(8);
            _interfaces.Add(lo);
            _isnSecret = NextRandom();
            _ephemeral = 49152 + (int)(NextRandom() % 16384);
            _ipId = (ushort)NextRandom();
        }

        public long Now => _now;
        public int InterfaceCount => _interfaces.Count;
        public NetInterface Interface(int index) => _interfaces[index];

        public int FindInterface(string name)
        {
            for (int i = 0; i < _interfaces.Count; i++)
                if (_interfaces[i].Name == name)
                    return i;
            return -1;
        }

        public int AddInterface(string name, INetLink link)
        {
            var ifc = new NetInterface(_interfaces.Count, name, link);
            _interfaces.Add(ifc);
            return ifc.Index;
        }

        // Static configuration (or the result of a DHCP lease). An address
        // of 0 takes the interface down to "unconfigured".
        public void Configure(int index, uint address, uint mask, uint gateway)
        {
            NetInterface ifc = _interfaces[index];
            ifc.Address = address;
            ifc.Mask = mask;
            ifc.Gateway = gateway;
        }

        internal ulong NextRandom()
        {
            // xorshift64*: enough for ports, IDs and ISN secrets; the seed
            // comes from the host (the clock and the MAC in the server).
            ulong x = _random;
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            _random = x;
            return x * 0x2545F4914F6CDD1DUL;
        }

        private void Enter(long now)
        {
            if (now > _now)
                _now = now;
            _depth++;
        }

        // Leaving the outermost entry point delivers what was sent to the
        // loopback interface, so no call recurses into the receive path.
        private void Leave()
        {
            if (_depth == 1)
            {
                int guard = 0;
                while (_loopback.Count > 0 && guard++ < 100_000)
                {
                    byte[] p = _loopback[0];
                    int len = _loopbackLength[0];
                    _loopback.RemoveAt(0);
                    _loopbackLength.RemoveAt(0);
                    try { IpInput(_interfaces[0], p, EthHeader, len); }
                    catch (Exception) { Stats.InternalErrors++; }
                }
            }
            _depth--;
        }

        public void Receive(int index, byte[] frame, int length, long now)
        {
            Enter(now);
            try
            {
                if (index <= 0 || index >= _interfaces.Count || length > frame.Length)
                    Stats.FramesNoLink++;
                else
                    EthernetInput(_interfaces[index], frame, length);
            }
            catch (Exception) { Stats.InternalErrors++; }
            Leave();
        }

        public void Tick(long now)
        {
            Enter(now);
            try
            {
                for (int i = 1; i < _interfaces.Count; i++)
                {
                    ArpTick(_interfaces[i]);
                    _interfaces[i].Dhcp?.Tick(_now);
                }
                _reassembly.Expire(_now, Stats);
                TcpTick();
            }
            catch (Exception) { Stats.InternalErrors++; }
            Leave();
        }

        // When Tick next has work: the earliest timer of any connection, ARP
        // entry, fragment list or DHCP client (absolute ms, long.MaxValue if
        // none). The server sets its alarm for this instead of polling.
        public long NextTimer()
        {
            long t = long.MaxValue;
            for (int i = 0; i < _tcp.Count; i++)
                t = Math.Min(t, _tcp[i].NextTimer());
            for (int i = 1; i < _interfaces.Count; i++)
            {
                t = Math.Min(t, _interfaces[i].Arp.NextTimer());
                if (_interfaces[i].Dhcp != null)
                    t = Math.Min(t, _interfaces[i].Dhcp!.NextTimer());
            }
            return Math.Min(t, _reassembly.NextTimer());
        }

        private void EthernetInput(NetInterface ifc, byte[] frame, int length)
        {
            Stats.FramesIn++;
            ifc.PacketsIn++;
            ifc.BytesIn += length;
            if (length < EthHeader)
            {
                Stats.FramesShort++;
                return;
            }
            ulong dst = NetBytes.Mac(frame, 0);
            if (dst != ifc.Mac && dst != BroadcastMac)
            {
                Stats.FramesNotForUs++;
                return;
            }
            int type = NetBytes.U16(frame, 12);
            if (type == EtherTypeIp)
                IpInput(ifc, frame, EthHeader, length - EthHeader);
            else if (type == EtherTypeArp)
                ArpInput(ifc, frame, length);
            else
                Stats.FramesOtherType++;
        }

        // Fills the Ethernet header and hands the frame to the link, padded
        // to the minimum frame size (the array always has room: see Packet).
        private void EthernetSend(NetInterface ifc, byte[] frame, int ipLength, ulong dstMac, int type)
        {
            NetBytes.PutMac(frame, 0, dstMac);
            NetBytes.PutMac(frame, 6, ifc.Mac);
            NetBytes.Put16(frame, 12, type);
            int length = EthHeader + ipLength;
            if (length < MinFrame)
            {
                new Span<byte>(frame, length, MinFrame - length).Clear();
                length = MinFrame;
            }
            Stats.FramesOut++;
            ifc.PacketsOut++;
            ifc.BytesOut += length;
            ifc.Link!.Send(frame, length);
        }

        // A zeroed array for an IP packet of ipLength bytes with Ethernet
        // headroom, long enough to be padded in place.
        internal static byte[] Packet(int ipLength) =>
            new byte[Math.Max(EthHeader + ipLength, MinFrame)];
    }
}
