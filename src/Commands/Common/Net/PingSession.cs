using System;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Net;

namespace Minix3.Cosmos.Commands.Common.Net;

// ping's options: -c COUNT -s SIZE -i INTERVAL_MS -W TIMEOUT_MS HOST.
public sealed class PingOptions
{
    public const string Synopsis = "[-c COUNT] [-s SIZE] [-i INTERVAL_MS] [-W TIMEOUT_MS] HOST";

    // ICMP sequence numbers are 16 bits; the largest echo payload fits a
    // 64 KiB IPv4 datagram (65535 - 20 IP - 8 ICMP).
    public const int MaxCount = 65535;
    public const int MaxSize = 65507;

    public int Count = 4;
    public int Size = 56;
    public int IntervalMs = 1000;
    public int TimeoutMs = 1000;
    public string Host = "";

    // Why the command line is unusable, or null.
    public string? Error;

    public static PingOptions Parse(string[] argv)
    {
        var options = new PingOptions();
        CommandLine line = CommandLine.Parse(argv, "ping", "", "csiW");
        if (line.Error != null)
        {
            options.Error = line.Error;
            return options;
        }
        if (!Take(line, 'c', 1, MaxCount, ref options.Count, "count", options)
            || !Take(line, 's', 0, MaxSize, ref options.Size, "packet size", options)
            || !Take(line, 'i', 0, 3600 * 1000, ref options.IntervalMs, "interval", options)
            || !Take(line, 'W', 1, 3600 * 1000, ref options.TimeoutMs, "timeout", options))
            return options;
        if (line.Operands.Count != 1)
        {
            options.Error = line.Operands.Count == 0 ? "missing host" : "too many operands";
            return options;
        }
        options.Host = line.Operands[0];
        return options;
    }

    private static bool Take(CommandLine line, char option, int min, int max, ref int value, string what, PingOptions options)
    {
        string? text = line.Value(option);
        if (text == null)
            return true;
        if (!Numbers.TryParse(text, max, out long parsed) || parsed < min)
        {
            options.Error = "invalid " + what + " '" + text + "'";
            return false;
        }
        value = (int)parsed;
        return true;
    }
}

// What ping needs from the system: an ICMP echo socket, the clock. The
// program binds it to Sockets and Files.Poll; the tests to a script.
public interface IEchoPort
{
    // One echo request with this sequence number; >= 0, or a status.
    int Send(ReadOnlySpan<byte> payload, int sequence);

    // Waits until a reply can be read or timeoutMs passes: > 0 readable,
    // 0 timed out, < 0 a status.
    int WaitReadable(int timeoutMs);

    // One reply without waiting: its payload length, who sent it and its
    // sequence number; SocketError.WouldBlock when none is there.
    int Receive(Span<byte> into, out uint address, out int sequence);

    // Milliseconds by some clock that only goes forward.
    long Now();

    // The text of a status these calls returned (Sockets.ErrorText).
    string ErrorText(int status);
}

// ping's loop: a request every IntervalMs, COUNT of them; each reply's
// payload must be the pattern sent (a reply that differs is reported as
// corrupt and not counted); a request not answered within TimeoutMs is
// lost. Replies are awaited on the socket with a timeout, never by
// spinning, and a late reply that comes while waiting for the next
// request's time still counts.
public sealed class PingSession
{
    private readonly IEchoPort _port;
    private readonly PingOptions _options;
    private readonly uint _target;
    private readonly OutputBuffer _out;
    private readonly OutputBuffer _err;
    private readonly long[] _sentAt;
    private readonly bool[] _answered;
    private readonly byte[] _reply;

    public PingSession(IEchoPort port, PingOptions options, uint target, OutputBuffer output, OutputBuffer error)
    {
        _port = port;
        _options = options;
        _target = target;
        _out = output;
        _err = error;
        _sentAt = new long[options.Count + 1];
        _answered = new bool[options.Count + 1];
        // Room for a longer reply than sent, so a padded one is seen as corrupt.
        _reply = new byte[options.Size + 64];
    }

    public int Transmitted { get; private set; }
    public int Received { get; private set; }
    public int Corrupt { get; private set; }

    // The pattern request sequence carries (and its reply must echo).
    public static byte PatternByte(int sequence, int index) => (byte)(0x10 + index + sequence * 7);

    public static void FillPattern(Span<byte> payload, int sequence)
    {
        for (int i = 0; i < payload.Length; i++)
            payload[i] = PatternByte(sequence, i);
    }

    // "64 bytes from 10.0.2.2: icmp_seq=1 time=3 ms"
    public static string ReplyLine(int size, uint from, int sequence, long milliseconds) =>
        NumberText.Decimal(size + 8) + " bytes from " + IpAddress.Format(from) + ": icmp_seq=" + NumberText.Decimal(sequence)
        + " time=" + NumberText.Decimal(milliseconds) + " ms\n";

    public static string Statistics(string host, int transmitted, int received)
    {
        int loss = transmitted == 0 ? 0 : (int)((transmitted - received) * 100L / transmitted);
        return "--- " + host + " ping statistics ---\n" + NumberText.Decimal(transmitted) + " packets transmitted, "
            + NumberText.Decimal(received) + " received, " + NumberText.Decimal(loss) + "% packet loss\n";
    }

    // The whole run; the exit status: 0 some reply came, 1 none.
    public int Run()
    {
        _out.Write("PING " + _options.Host + " (" + IpAddress.Format(_target) + ") " + NumberText.Decimal(_options.Size) + " data bytes\n");
        _out.Flush();
        var payload = new byte[_options.Size];
        bool failed = false;
        for (int sequence = 1; sequence <= _options.Count && !failed; sequence++)
        {
            FillPattern(payload, sequence);
            long start = _port.Now();
            _sentAt[sequence] = start;
            int sent = _port.Send(payload, sequence);
            Transmitted++;
            if (sent < 0)
            {
                // Reported, counted as lost; the next request may get through.
                _err.Write(Messages.About("ping", "sendto", SocketText(sent)));
            }
            else
            {
                failed = !AwaitUntil(sequence, start + _options.TimeoutMs);
            }
            // The rest of the interval, still taking late replies.
            if (!failed && sequence < _options.Count)
                failed = !AwaitUntil(-1, start + _options.IntervalMs);
        }
        _out.Write(Statistics(_options.Host, Transmitted, Received));
        _out.Flush();
        return Received > 0 ? 0 : 1;
    }

    // Until sequence is answered (-1: none awaited) or deadline passes;
    // false on a failure.
    private bool AwaitUntil(int sequence, long deadline)
    {
        while (sequence < 0 || !_answered[sequence])
        {
            long remaining = deadline - _port.Now();
            if (remaining <= 0)
                return true;
            int ready = _port.WaitReadable(remaining > int.MaxValue ? int.MaxValue : (int)remaining);
            if (ready < 0)
            {
                _err.Write(Messages.About("ping", "poll", SocketText(ready)));
                return false;
            }
            if (ready == 0)
                return true;
            if (!Drain())
                return false;
        }
        return true;
    }

    // Every reply that is there now.
    private bool Drain()
    {
        while (true)
        {
            int length = _port.Receive(_reply, out uint from, out int sequence);
            if (length == SocketError.WouldBlock)
                return true;
            if (length < 0)
            {
                _err.Write(Messages.About("ping", "recvfrom", SocketText(length)));
                return false;
            }
            Take(new ReadOnlySpan<byte>(_reply, 0, length), from, sequence);
        }
    }

    private void Take(ReadOnlySpan<byte> payload, uint from, int sequence)
    {
        // Another host's reply, or one to a request this run never sent or
        // already counted (a duplicate): not ours to count.
        if (from != _target || sequence < 1 || sequence > Transmitted || _answered[sequence])
            return;
        if (!Matches(payload, sequence))
        {
            Corrupt++;
            _err.Write("ping: corrupt reply from " + IpAddress.Format(from) + "\n");
            return;
        }
        _answered[sequence] = true;
        Received++;
        _out.Write(ReplyLine(_options.Size, from, sequence, _port.Now() - _sentAt[sequence]));
        _out.Flush();
    }

    private bool Matches(ReadOnlySpan<byte> payload, int sequence)
    {
        if (payload.Length != _options.Size)
            return false;
        for (int i = 0; i < payload.Length; i++)
            if (payload[i] != PatternByte(sequence, i))
                return false;
        return true;
    }

    private string SocketText(int status) => _port.ErrorText(status);
}
