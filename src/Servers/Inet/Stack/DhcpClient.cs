using System;
using System.Collections.Generic;

namespace Minix3.Cosmos.Servers.Inet.Stack
{
    public enum DhcpState { Off, Selecting, Requesting, Bound, Renewing, Rebinding }

    // What a lease gives: address, netmask, router, name servers, and when
    // to renew (T1), rebind (T2) and give up (lease end), in ms of the
    // engine's clock.
    public sealed class DhcpLease
    {
        public uint Address, Mask, Router, Server;
        public uint[] Dns = new uint[0];
        public long LeaseSeconds;
        public long RenewAt, RebindAt, ExpiresAt;
    }

    // Where a DHCP client's messages go and what it reports; NetStack binds
    // it to an interface, the unit tests to a recorder.
    public interface IDhcpHost
    {
        // A DHCP message (the UDP payload) from port 68 to dst port 67.
        void SendDhcp(ReadOnlySpan<byte> message, uint src, uint dst);

        // The interface's address changed: a new lease, or null when the
        // lease ended or the server refused it.
        void LeaseChanged(DhcpLease? lease);
    }

    // The DHCP client state machine (RFC 2131 4.4): DISCOVER, the first
    // OFFER, REQUEST, ACK; renewal at T1 by unicast, rebinding at T2 by
    // broadcast, loss of the address at the end of the lease, back to
    // DISCOVER on a NAK. Retransmission starts at 4 s and doubles to 64 s.
    public sealed class DhcpClient
    {
        public const int ServerPort = 67;
        public const int ClientPort = 68;
        public const int Discover = 1, Offer = 2, Request = 3, Decline = 4, Ack = 5, Nak = 6, Release = 7;
        private const int FixedLength = 236;
        private const uint Cookie = 0x63825363;
        private const long FirstRetryMs = 4000;
        private const long LastRetryMs = 64000;

        private readonly ulong _mac;
        private readonly IDhcpHost _host;
        private uint _xid;
        private long _nextSend;
        private long _retry;
        private int _requests;
        private uint _offered, _offerServer;

        public DhcpState State { get; private set; }
        public DhcpLease? Lease { get; private set; }
        public NetStats? Stats;

        public DhcpClient(ulong mac, uint xid, IDhcpHost host)
        {
            _mac = mac;
            _xid = xid;
            _host = host;
        }

        public uint TransactionId => _xid;

        public void Start(long now)
        {
            State = DhcpState.Selecting;
            _xid++;
            _retry = FirstRetryMs;
            SendDiscover(now);
        }

        public void Tick(long now)
        {
            switch (State)
            {
                case DhcpState.Selecting:
                    if (now >= _nextSend)
                        SendDiscover(now);
                    break;
                case DhcpState.Requesting:
                    if (now >= _nextSend)
                    {
                        if (_requests >= 4)
                            Start(now);
                        else
                            SendRequest(now, _offered, _offerServer, broadcast: true, ciaddr: 0);
                    }
                    break;
                case DhcpState.Bound:
                case DhcpState.Renewing:
                case DhcpState.Rebinding:
                    LeaseTick(now);
                    break;
            }
        }

        public long NextTimer()
        {
            switch (State)
            {
                case DhcpState.Selecting:
                case DhcpState.Requesting:
                    return _nextSend;
                case DhcpState.Bound:
                    return Math.Min(Lease!.RenewAt, Lease.ExpiresAt);
                case DhcpState.Renewing:
                    return Math.Min(_nextSend, Math.Min(Lease!.RebindAt, Lease.ExpiresAt));
                case DhcpState.Rebinding:
                    return Math.Min(_nextSend, Lease!.ExpiresAt);
                default:
                    return long.MaxValue;
            }
        }

        private void LeaseTick(long now)
        {
            DhcpLease l = Lease!;
            if (now >= l.ExpiresAt)
            {
                Lease = null;
                _host.LeaseChanged(null);
                Start(now);
                return;
            }
            if (State == DhcpState.Bound && now >= l.RenewAt)
            {
                State = DhcpState.Renewing;
                _nextSend = now;
            }
            if (State == DhcpState.Renewing && now >= l.RebindAt)
            {
                State = DhcpState.Rebinding;
                _nextSend = now;
            }
            if (State != DhcpState.Bound && now >= _nextSend)
            {
                // RFC 2131 4.4.5: wait half the time left to T2 (or the
                // lease end), at least 60 s.
                long until = State == DhcpState.Renewing ? l.RebindAt : l.ExpiresAt;
                bool renewing = State == DhcpState.Renewing;
                SendRequest(now, 0, 0, broadcast: !renewing, ciaddr: l.Address, unicastTo: renewing ? l.Server : 0);
                _nextSend = now + Math.Max(60_000, (until - now) / 2);
            }
        }

        public void Input(ReadOnlySpan<byte> m, long now)
        {
            if (Stats != null) Stats.DhcpIn++;
            if (!Parse(m, out int type, out DhcpLease offer))
            {
                if (Stats != null) Stats.DhcpMalformed++;
                return;
            }
            if (m[0] != 2 || NetBytes.U32(m, 4) != _xid || NetBytes.Mac(m, 28) != _mac)
            {
                if (Stats != null) Stats.DhcpIgnored++;
                return;
            }
            if (type == Offer && State == DhcpState.Selecting && offer.Address != 0 && offer.Server != 0)
            {
                _offered = offer.Address;
                _offerServer = offer.Server;
                State = DhcpState.Requesting;
                _requests = 0;
                _retry = FirstRetryMs;
                SendRequest(now, _offered, _offerServer, broadcast: true, ciaddr: 0);
                return;
            }
            bool waiting = State == DhcpState.Requesting || State == DhcpState.Renewing || State == DhcpState.Rebinding;
            if (type == Ack && waiting && offer.Address != 0)
            {
                if (offer.LeaseSeconds <= 0)
                    offer.LeaseSeconds = 3600;
                bool infinite = offer.LeaseSeconds == 0xFFFFFFFFL;
                long leaseMs = offer.LeaseSeconds * 1000;
                offer.ExpiresAt = infinite ? long.MaxValue : now + leaseMs;
                offer.RenewAt = infinite ? long.MaxValue : now + (offer.RenewAt > 0 ? offer.RenewAt * 1000 : leaseMs / 2);
                offer.RebindAt = infinite ? long.MaxValue : now + (offer.RebindAt > 0 ? offer.RebindAt * 1000 : leaseMs * 7 / 8);
                if (offer.Server == 0)
                    offer.Server = _offerServer;
                if (offer.Mask == 0)
                    offer.Mask = ClassfulMask(offer.Address);
                bool changed = Lease == null || Lease.Address != offer.Address || Lease.Mask != offer.Mask || Lease.Router != offer.Router;
                Lease = offer;
                State = DhcpState.Bound;
                if (changed)
                    _host.LeaseChanged(offer);
                return;
            }
            if (type == Nak && waiting)
            {
                if (Lease != null)
                {
                    Lease = null;
                    _host.LeaseChanged(null);
                }
                Start(now);
                return;
            }
            if (Stats != null) Stats.DhcpIgnored++;
        }

        private static uint ClassfulMask(uint a) =>
            (a >> 31) == 0 ? 0xFF000000 : (a >> 30) == 2 ? 0xFFFF0000 : 0xFFFFFF00;

        private void SendDiscover(long now)
        {
            byte[] m = NewMessage(0, out int o, broadcast: true);
            o = Option1(m, o, 53, Discover);
            o = ParameterList(m, o);
            m[o++] = 255;
            Send(m, o, 0, IpAddress.Broadcast);
            _nextSend = now + _retry;
            _retry = Math.Min(_retry * 2, LastRetryMs);
        }

        private void SendRequest(long now, uint requested, uint server, bool broadcast, uint ciaddr, uint unicastTo = 0)
        {
            byte[] m = NewMessage(ciaddr, out int o, broadcast && ciaddr == 0);
            o = Option1(m, o, 53, Request);
            if (requested != 0)
                o = Option4(m, o, 50, requested);
            if (server != 0)
                o = Option4(m, o, 54, server);
            o = ParameterList(m, o);
            m[o++] = 255;
            Send(m, o, ciaddr, unicastTo != 0 ? unicastTo : IpAddress.Broadcast);
            if (State == DhcpState.Requesting)
            {
                _requests++;
                _nextSend = now + _retry;
                _retry = Math.Min(_retry * 2, LastRetryMs);
            }
        }

        private void Send(byte[] m, int length, uint src, uint dst)
        {
            // BOOTP wants at least 300 bytes; the array is that big and zeroed.
            if (Stats != null) Stats.DhcpOut++;
            _host.SendDhcp(new ReadOnlySpan<byte>(m, 0, Math.Max(length, 300)), src, dst);
        }

        private byte[] NewMessage(uint ciaddr, out int o, bool broadcast)
        {
            var m = new byte[548];
            m[0] = 1;       // BOOTREQUEST
            m[1] = 1;       // Ethernet
            m[2] = 6;
            NetBytes.Put32(m, 4, _xid);
            NetBytes.Put16(m, 10, broadcast ? 0x8000 : 0);   // ask for broadcast replies while unconfigured
            NetBytes.Put32(m, 12, ciaddr);
            NetBytes.PutMac(m, 28, _mac);
            NetBytes.Put32(m, FixedLength, Cookie);
            o = FixedLength + 4;
            return m;
        }

        private static int Option1(byte[] m, int o, int code, int value)
        {
            m[o] = (byte)code;
            m[o + 1] = 1;
            m[o + 2] = (byte)value;
            return o + 3;
        }

        private static int Option4(byte[] m, int o, int code, uint value)
        {
            m[o] = (byte)code;
            m[o + 1] = 4;
            NetBytes.Put32(m, o + 2, value);
            return o + 6;
        }

        private static int ParameterList(byte[] m, int o)
        {
            m[o] = 55;
            m[o + 1] = 6;
            m[o + 2] = 1;    // subnet mask
            m[o + 3] = 3;    // router
            m[o + 4] = 6;    // name servers
            m[o + 5] = 51;   // lease time
            m[o + 6] = 58;   // T1
            m[o + 7] = 59;   // T2
            return o + 8;
        }

        // A BOOTREPLY's fixed part and options; false if anything overruns
        // or the cookie or the message type is missing. RenewAt and RebindAt
        // come back as seconds (options 58 and 59), 0 when absent.
        public static bool Parse(ReadOnlySpan<byte> m, out int type, out DhcpLease lease)
        {
            type = 0;
            lease = new DhcpLease();
            if (m.Length < FixedLength + 4 || NetBytes.U32(m, FixedLength) != Cookie || m[1] != 1 || m[2] != 6)
                return false;
            lease.Address = NetBytes.U32(m, 16);
            var dns = new List<uint>();
            int i = FixedLength + 4;
            while (i < m.Length)
            {
                int code = m[i];
                if (code == 255)
                    break;
                if (code == 0)
                {
                    i++;
                    continue;
                }
                if (i + 1 >= m.Length)
                    return false;
                int len = m[i + 1];
                int v = i + 2;
                if (v + len > m.Length)
                    return false;
                switch (code)
                {
                    case 53: if (len != 1) return false; type = m[v]; break;
                    case 1: if (len != 4) return false; lease.Mask = NetBytes.U32(m, v); break;
                    case 3: if (len < 4 || (len & 3) != 0) return false; lease.Router = NetBytes.U32(m, v); break;
                    case 6:
                        if (len < 4 || (len & 3) != 0) return false;
                        for (int k = 0; k < len; k += 4)
                            dns.Add(NetBytes.U32(m, v + k));
                        break;
                    case 51: if (len != 4) return false; lease.LeaseSeconds = NetBytes.U32(m, v); break;
                    case 54: if (len != 4) return false; lease.Server = NetBytes.U32(m, v); break;
                    case 58: if (len != 4) return false; lease.RenewAt = NetBytes.U32(m, v); break;
                    case 59: if (len != 4) return false; lease.RebindAt = NetBytes.U32(m, v); break;
                }
                i = v + len;
            }
            lease.Dns = dns.ToArray();
            return type != 0;
        }
    }
}
