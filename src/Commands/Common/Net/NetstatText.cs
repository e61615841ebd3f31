using System.Text;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Net;

namespace Minix3.Cosmos.Commands.Common.Net;

// netstat's lines: one per connection (ConnectionBlock) under a header,
// and netstat -s's counters (CountersBlock), as in
//   Proto Local Address Remote Address State Recv-Q Send-Q
//   tcp 10.0.2.15:80 10.0.2.2:51234 ESTABLISHED 0 0
// Columns are separated by one space (every column is one word, so a
// script splits them on blanks); UDP and ICMP have no state ("-").
public static class NetstatText
{
    public const string Header = "Proto Local Address Remote Address State Recv-Q Send-Q\n";

    public const int Tcp = 1, Udp = 2, Icmp = 3;
    public const int Closed = 0, Listen = 1;

    // inet's TCP states (ConnectionBlock.State) as Linux's netstat names them.
    private static readonly string[] s_states =
    {
        "CLOSED", "LISTEN", "SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT1", "FIN_WAIT2",
        "CLOSE_WAIT", "CLOSING", "LAST_ACK", "TIME_WAIT",
    };

    public static string StateName(int state) =>
        state >= 0 && state < s_states.Length ? s_states[state] : "UNKNOWN";

    public static string Protocol(int kind) => kind == Tcp ? "tcp" : kind == Udp ? "udp" : kind == Icmp ? "icmp" : "?";

    // "10.0.2.15:80"; port 0 is "*" ("0.0.0.0:*": no peer yet).
    public static string Endpoint(uint address, int port) =>
        IpAddress.Format(address) + ":" + (port == 0 ? "*" : NumberText.Decimal(port));

    // A listening socket, left out without -a: a TCP listener, or a UDP
    // or ICMP socket with no peer (as Linux's netstat counts an unconnected
    // datagram socket).
    public static bool IsListening(in ConnectionBlock block) =>
        block.Kind == Tcp ? block.State == Listen : block.RemoteAddress == 0 && block.RemotePort == 0;

    public static string Line(in ConnectionBlock block)
    {
        var text = new StringBuilder();
        text.Append(Protocol(block.Kind)).Append(' ');
        text.Append(Endpoint(block.LocalAddress, block.LocalPort)).Append(' ');
        text.Append(Endpoint(block.RemoteAddress, block.RemotePort)).Append(' ');
        text.Append(block.Kind == Tcp ? StateName(block.State) : "-").Append(' ');
        text.Append(NumberText.Decimal(block.ReceiveQueue)).Append(' ');
        text.Append(NumberText.Decimal(block.SendQueue)).Append('\n');
        return text.ToString();
    }

    // "FramesIn: 12" per field of CountersBlock, in the block's order
    // (no reflection in our corelib: the names are listed here).
    public static string Counters(in CountersBlock c)
    {
        var text = new StringBuilder();
        Counter(text, "FramesIn", c.FramesIn);
        Counter(text, "FramesOut", c.FramesOut);
        Counter(text, "FramesDropped", c.FramesDropped);
        Counter(text, "IpIn", c.IpIn);
        Counter(text, "IpOut", c.IpOut);
        Counter(text, "IpDropped", c.IpDropped);
        Counter(text, "IpReassembled", c.IpReassembled);
        Counter(text, "IcmpIn", c.IcmpIn);
        Counter(text, "IcmpOut", c.IcmpOut);
        Counter(text, "UdpIn", c.UdpIn);
        Counter(text, "UdpOut", c.UdpOut);
        Counter(text, "UdpDropped", c.UdpDropped);
        Counter(text, "TcpIn", c.TcpIn);
        Counter(text, "TcpOut", c.TcpOut);
        Counter(text, "TcpDropped", c.TcpDropped);
        Counter(text, "TcpRetransmits", c.TcpRetransmits);
        return text.ToString();
    }

    private static void Counter(StringBuilder text, string name, long value) =>
        text.Append(name).Append(": ").Append(NumberText.Decimal(value)).Append('\n');
}
