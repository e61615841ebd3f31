namespace Minix3.Cosmos.Servers.Inet.Stack
{
    // RFC 9293 3.3.2. Closed also marks a connection the engine has let go.
    public enum TcpState
    {
        Closed,
        Listen,
        SynSent,
        SynReceived,
        Established,
        FinWait1,
        FinWait2,
        CloseWait,
        Closing,
        LastAck,
        TimeWait,
    }

    internal static class TcpFlags
    {
        public const int Fin = 0x01;
        public const int Syn = 0x02;
        public const int Rst = 0x04;
        public const int Psh = 0x08;
        public const int Ack = 0x10;
        public const int Urg = 0x20;
    }

    // A parsed, checksum-verified segment; data is buf[DataOffset..+DataLength].
    internal struct TcpSegment
    {
        public uint Src, Dst;
        public int SrcPort, DstPort;
        public uint Seq, Ack;
        public int Flags;
        public int Window;        // raw field, not yet scaled
        public byte[] Buffer;
        public int DataOffset, DataLength;
        public int Mss;           // -1 when absent
        public int WindowScale;   // -1 when absent

        public bool Has(int flag) => (Flags & flag) != 0;

        // Sequence space the segment occupies (SYN and FIN count one each).
        public int Length => DataLength + (Has(TcpFlags.Syn) ? 1 : 0) + (Has(TcpFlags.Fin) ? 1 : 0);
    }

    // A passive socket: connections in SYN-RECEIVED (Pending) and those
    // established but not yet accepted (Ready) together stay within Backlog;
    // a SYN beyond that is dropped, so a flood costs a bounded amount.
    internal sealed class TcpListener
    {
        public uint Address;
        public int Port;
        public int Backlog;
        public Socket Owner;
        public readonly System.Collections.Generic.List<TcpConnection> Pending = new System.Collections.Generic.List<TcpConnection>();
        public readonly System.Collections.Generic.List<TcpConnection> Ready = new System.Collections.Generic.List<TcpConnection>();

        public TcpListener(Socket owner, uint address, int port, int backlog)
        {
            Owner = owner;
            Address = address;
            Port = port;
            Backlog = backlog;
        }

        public bool Full => Pending.Count + Ready.Count >= Backlog;
    }
}
