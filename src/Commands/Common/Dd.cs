using System;

namespace Minix3.Cosmos.Commands.Common;

// dd's operands (POSIX dd: if= of= ibs= obs= bs= count= skip= seek=
// conv=notrunc,sync,noerror) and its copy loop over a source and a sink,
// with the record counts it reports. Numbers are decimal with an optional
// multiplier suffix (b 512, k 1024, M 1024^2, G 1024^3, w 2) and may be
// products ("2x512").
public sealed class DdOperands
{
    public string? Input { get; private set; }
    public string? Output { get; private set; }
    public long InputBlock { get; private set; } = 512;
    public long OutputBlock { get; private set; } = 512;
    // bs= sets both and copies each input block out as it came (no reblocking).
    public bool SameBlock { get; private set; }
    public long Count { get; private set; } = -1;   // -1: until the end of the input
    public long Skip { get; private set; }
    public long Seek { get; private set; }
    public bool NoTruncate { get; private set; }
    public bool Sync { get; private set; }          // pad short input blocks with zeros
    public bool NoError { get; private set; }       // go on after a read error

    // The largest block: each is a buffer in the command's heap.
    public const long MaxBlock = 1 << 20;

    public static DdOperands? Parse(string[] operands, int from, out string? error)
    {
        error = null;
        var dd = new DdOperands();
        bool ibs = false, obs = false;
        for (int i = from; i < operands.Length; i++)
        {
            string operand = operands[i];
            int equals = operand.IndexOf('=');
            if (equals <= 0)
                return Fail("unrecognized operand '" + operand + "'", out error);
            string name = operand.Substring(0, equals), value = operand.Substring(equals + 1);
            long number = 0;
            bool numeric = name == "bs" || name == "ibs" || name == "obs" || name == "count" || name == "skip" || name == "seek";
            if (numeric && !TryParseNumber(value, out number))
                return Fail("invalid number '" + value + "' for " + name, out error);
            switch (name)
            {
                case "if": dd.Input = value; break;
                case "of": dd.Output = value; break;
                case "bs": dd.InputBlock = dd.OutputBlock = number; dd.SameBlock = true; break;
                case "ibs": dd.InputBlock = number; ibs = true; break;
                case "obs": dd.OutputBlock = number; obs = true; break;
                case "count": dd.Count = number; break;
                case "skip": dd.Skip = number; break;
                case "seek": dd.Seek = number; break;
                case "conv":
                    if (!dd.ParseConversions(value, out error))
                        return null;
                    break;
                default:
                    return Fail("unrecognized operand '" + operand + "'", out error);
            }
        }
        // bs= wins over ibs= and obs= (POSIX).
        if (dd.SameBlock && (ibs || obs))
            dd.InputBlock = dd.OutputBlock = dd.InputBlock;
        if (dd.InputBlock < 1 || dd.OutputBlock < 1 || dd.InputBlock > MaxBlock || dd.OutputBlock > MaxBlock)
            return Fail("block sizes must be 1 to " + MaxBlock.ToString() + " bytes", out error);
        return dd;
    }

    private bool ParseConversions(string list, out string? error)
    {
        error = null;
        int start = 0;
        while (start <= list.Length)
        {
            int comma = list.IndexOf(',', start);
            int end = comma < 0 ? list.Length : comma;
            string conversion = list.Substring(start, end - start);
            if (conversion == "notrunc")
                NoTruncate = true;
            else if (conversion == "sync")
                Sync = true;
            else if (conversion == "noerror")
                NoError = true;
            else
            {
                error = "unsupported conversion '" + conversion + "' (notrunc, sync, noerror)";
                return false;
            }
            start = end + 1;
        }
        return true;
    }

    // "512", "4k", "2x512", "1M": false for anything else or above 2^40.
    public static bool TryParseNumber(string text, out long value)
    {
        value = 1;
        int start = 0;
        while (start <= text.Length)
        {
            int x = text.IndexOf('x', start);
            int end = x < 0 ? text.Length : x;
            if (!TryParseFactor(text.Substring(start, end - start), out long factor))
                return false;
            if (factor != 0 && value > (1L << 40) / factor)
                return false;
            value *= factor;
            start = end + 1;
        }
        return true;
    }

    private static bool TryParseFactor(string text, out long value)
    {
        value = 0;
        if (text.Length == 0)
            return false;
        long multiplier = 1;
        char last = text[text.Length - 1];
        switch (last)
        {
            case 'b': multiplier = 512; break;
            case 'k': case 'K': multiplier = 1024; break;
            case 'M': multiplier = 1024 * 1024; break;
            case 'G': multiplier = 1024L * 1024 * 1024; break;
            case 'w': multiplier = 2; break;
        }
        string digits = multiplier == 1 ? text : text.Substring(0, text.Length - 1);
        if (!Numbers.TryParse(digits, 1L << 40, out long number))
            return false;
        if (number > (1L << 40) / multiplier)
            return false;
        value = number * multiplier;
        return true;
    }

    private static DdOperands? Fail(string message, out string? error)
    {
        error = message;
        return null;
    }
}

// What dd did: whole and partial records read and written, and bytes.
public sealed class DdStatistics
{
    public long FullIn, PartialIn, FullOut, PartialOut, Bytes;

    // The POSIX report on standard error, and the byte count.
    public string Format() =>
        FullIn.ToString() + "+" + PartialIn.ToString() + " records in\n" +
        FullOut.ToString() + "+" + PartialOut.ToString() + " records out\n" +
        Bytes.ToString() + " bytes copied\n";
}

// dd's copy: skip input blocks (read and dropped), then read input blocks
// (count of them, or to the end) and write them out: as they came with
// bs=, else gathered into output blocks of obs bytes (the last may be
// short). A read error ends the copy, or with noerror is counted and
// skipped (with sync, as a block of zeros).
public sealed class DdCopy
{
    private readonly DdOperands _operands;
    private readonly IByteSource _source;
    private readonly IByteSink _sink;

    public DdCopy(DdOperands operands, IByteSource source, IByteSink sink)
    {
        _operands = operands;
        _source = source;
        _sink = sink;
    }

    public DdStatistics Statistics { get; } = new DdStatistics();

    // The status Run returned came from the sink (else from the source).
    public bool WriteFailed { get; private set; }

    // 0, or the first read or write status that stopped the copy; errors
    // that noerror skipped are reported through onReadError.
    public int Run(Action<int>? onReadError = null)
    {
        byte[] input = new byte[_operands.InputBlock];
        byte[] output = new byte[_operands.OutputBlock];
        int pending = 0;
        for (long i = 0; i < _operands.Skip; i++)
        {
            int skipped = ReadBlock(input, out int status);
            if (status < 0)
                return status;
            if (skipped == 0)
                break;
        }
        for (long block = 0; _operands.Count < 0 || block < _operands.Count; block++)
        {
            int read = ReadBlock(input, out int status);
            if (status < 0)
            {
                if (!_operands.NoError)
                    return status;
                onReadError?.Invoke(status);
                Statistics.PartialIn++;
                if (!_operands.Sync)
                    continue;
                read = 0;
            }
            else if (read == 0)
            {
                break;
            }
            else if (read == input.Length)
            {
                Statistics.FullIn++;
            }
            else
            {
                Statistics.PartialIn++;
            }
            if (_operands.Sync && read < input.Length)
            {
                new Span<byte>(input, read, input.Length - read).Clear();
                read = input.Length;
            }
            if (_operands.SameBlock)
            {
                int written = WriteRecord(new ReadOnlySpan<byte>(input, 0, read), output.Length);
                if (written < 0)
                    return written;
                continue;
            }
            // Reblock: fill output blocks, write each one when full.
            int at = 0;
            while (at < read)
            {
                int take = Math.Min(read - at, output.Length - pending);
                Array.Copy(input, at, output, pending, take);
                pending += take;
                at += take;
                if (pending == output.Length)
                {
                    int written = WriteRecord(new ReadOnlySpan<byte>(output, 0, pending), output.Length);
                    if (written < 0)
                        return written;
                    pending = 0;
                }
            }
        }
        if (pending > 0)
        {
            int written = WriteRecord(new ReadOnlySpan<byte>(output, 0, pending), output.Length);
            if (written < 0)
                return written;
        }
        return 0;
    }

    // One input block is one read, as in POSIX dd: a pipe or a terminal
    // may give less than a block (a partial record); 0 is the end.
    private int ReadBlock(byte[] block, out int status)
    {
        status = 0;
        int count = _source.Read(block);
        if (count < 0)
            status = count;
        return count < 0 ? 0 : count;
    }

    private int WriteRecord(ReadOnlySpan<byte> record, int fullSize)
    {
        ReadOnlySpan<byte> rest = record;
        while (rest.Length > 0)
        {
            int written = _sink.Write(rest);
            if (written <= 0)
            {
                WriteFailed = true;
                return written < 0 ? written : -5;
            }
            rest = rest.Slice(written);
        }
        if (record.Length == fullSize)
            Statistics.FullOut++;
        else
            Statistics.PartialOut++;
        Statistics.Bytes += record.Length;
        return 0;
    }
}
