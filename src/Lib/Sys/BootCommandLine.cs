// The boot command line's full grammar, for ring 3: what the boot loader
// passed after the kernel's name, e.g.
//   console=com1 timer_hz=250 quiet init="/sbin/init -s"
// The kernel reads only its own few keys, with a plain word lookup
// (src/Kernel/Boot/KernelArguments.cs); a component that takes settings from
// the command line parses it here, with quoting and error reports.
using System;

namespace Minix3.Cosmos.Lib.Sys;

/// <summary>What made a command line token untrustworthy (numbers are stable: they are printed).</summary>
public enum BootCommandLineProblem
{
    None = 0,

    /// <summary>Longer than <see cref="BootCommandLine.MaxLength"/>; cut before the token that crossed the limit.</summary>
    TooLong = 1,

    /// <summary>A value opened with '"' and never closed; the token is dropped.</summary>
    UnterminatedQuote = 2,

    /// <summary>A token starting with '=' (no key); dropped.</summary>
    EmptyKey = 3,

    /// <summary>More than <see cref="BootCommandLine.MaxTokens"/> tokens; the rest are dropped.</summary>
    TooManyTokens = 4,

    /// <summary>A byte that is not printable ASCII, or a '"' anywhere but around a value; the token is dropped.</summary>
    InvalidByte = 5,

    /// <summary>Text right after a closing quote (key="a"b); the token is dropped.</summary>
    GarbageAfterQuote = 6,
}

/// <summary>
/// Grammar (ASCII): tokens separated by runs of space, tab, CR or LF.
///   token := key | key '=' value | key '=' '"' quoted '"'
///   key   := one or more printable bytes other than '=', '"' and whitespace
///   value := zero or more printable bytes other than '"' and whitespace
///   quoted:= zero or more printable bytes (spaces included) other than '"'
/// Malformed tokens are dropped and counted; well-formed ones around them survive.
/// A key given twice: the last one wins, so a later argument overrides an earlier one.
/// </summary>
public sealed class BootCommandLine
{
    public const int MaxLength = 2048;
    public const int MaxTokens = 64;

    private struct Token
    {
        public int KeyStart;
        public int KeyLength;
        public int ValueStart;
        public int ValueLength;
        public bool HasValue;
    }

    private readonly byte[] text;
    private readonly Token[] tokens;
    private int tokenCount;
    private int problemCount;
    private BootCommandLineProblem firstProblem;
    private int firstProblemOffset;

    public BootCommandLine()
    {
        text = new byte[MaxLength];
        tokens = new Token[MaxTokens];
    }

    /// <summary>Number of well-formed tokens kept.</summary>
    public int Count => tokenCount;

    /// <summary>How many problems the last <see cref="Parse"/> met (0 = clean).</summary>
    public int ProblemCount => problemCount;

    public BootCommandLineProblem FirstProblem => firstProblem;

    /// <summary>Byte offset in the input where <see cref="FirstProblem"/> was found.</summary>
    public int FirstProblemOffset => firstProblemOffset;

    public ReadOnlySpan<byte> KeyAt(int index) => Bytes(tokens[index].KeyStart, tokens[index].KeyLength);

    /// <summary>The value of token <paramref name="index"/>; empty for a bare flag.</summary>
    public ReadOnlySpan<byte> ValueAt(int index) => Bytes(tokens[index].ValueStart, tokens[index].ValueLength);

    public bool HasValueAt(int index) => tokens[index].HasValue;

    /// <summary>Replaces the current contents with <paramref name="input"/>; true when it had no problems.</summary>
    public bool Parse(ReadOnlySpan<byte> input)
    {
        tokenCount = 0;
        problemCount = 0;
        firstProblem = BootCommandLineProblem.None;
        firstProblemOffset = 0;
        int length = input.Length;
        if (length > MaxLength)
        {
            Report(BootCommandLineProblem.TooLong, MaxLength);
            length = MaxLength;
            // Back up to a separator so no token is silently shortened (timer_hz=25|0).
            if (!IsSpace(input[length]))
            {
                while (length > 0 && !IsSpace(input[length - 1]))
                    length--;
            }
        }
        for (int i = 0; i < length; i++)
            text[i] = input[i];

        int at = 0;
        while (at < length)
        {
            while (at < length && IsSpace(text[at]))
                at++;
            if (at == length)
                break;
            if (!ParseToken(ref at, length))
                break;
        }
        return problemCount == 0;
    }

    /// <summary>Parses the token starting at <paramref name="at"/>; false when no more tokens may be kept.</summary>
    private bool ParseToken(ref int at, int length)
    {
        int start = at;
        BootCommandLineProblem problem = BootCommandLineProblem.None;
        while (at < length && !IsSpace(text[at]) && text[at] != (byte)'=')
        {
            if (text[at] == (byte)'"' || !IsPrintable(text[at]))
                problem = BootCommandLineProblem.InvalidByte;
            at++;
        }
        Token token = default;
        token.KeyStart = start;
        token.KeyLength = at - start;
        if (at < length && text[at] == (byte)'=')
        {
            at++;
            token.HasValue = true;
            if (at < length && text[at] == (byte)'"')
            {
                at++;
                token.ValueStart = at;
                while (at < length && text[at] != (byte)'"')
                {
                    if (!IsPrintable(text[at]))
                        problem = BootCommandLineProblem.InvalidByte;
                    at++;
                }
                if (at == length)
                {
                    problem = BootCommandLineProblem.UnterminatedQuote;
                }
                else
                {
                    token.ValueLength = at - token.ValueStart;
                    at++;
                    if (at < length && !IsSpace(text[at]) && problem == BootCommandLineProblem.None)
                        problem = BootCommandLineProblem.GarbageAfterQuote;
                }
            }
            else
            {
                token.ValueStart = at;
            }
            // Unquoted value, or whatever follows a closing quote: runs to the next separator.
            int runStart = at;
            while (at < length && !IsSpace(text[at]))
            {
                if (text[at] == (byte)'"' || !IsPrintable(text[at]))
                {
                    if (problem == BootCommandLineProblem.None)
                        problem = BootCommandLineProblem.InvalidByte;
                }
                at++;
            }
            if (token.ValueStart == runStart)
                token.ValueLength = at - runStart;
        }
        if (token.KeyLength == 0 && problem == BootCommandLineProblem.None)
            problem = BootCommandLineProblem.EmptyKey;
        if (problem != BootCommandLineProblem.None)
        {
            Report(problem, start);
            return true;
        }
        if (tokenCount == MaxTokens)
        {
            Report(BootCommandLineProblem.TooManyTokens, start);
            return false;
        }
        tokens[tokenCount] = token;
        tokenCount++;
        return true;
    }

    /// <summary>True when <paramref name="key"/> appears, bare or with a value.</summary>
    public bool Has(string key) => Find(key) >= 0;

    /// <summary>The value of the last <c>key=value</c>; false when absent or a bare flag.</summary>
    public bool TryGetValue(string key, out ReadOnlySpan<byte> value)
    {
        int index = Find(key);
        if (index < 0 || !tokens[index].HasValue)
        {
            value = default;
            return false;
        }
        value = ValueAt(index);
        return true;
    }

    /// <summary>The value as a number (decimal or 0x-hex); false when absent or malformed.</summary>
    public bool TryGetUInt(string key, out ulong value)
    {
        value = 0;
        return TryGetValue(key, out ReadOnlySpan<byte> digits) && TryParseUInt(digits, out value);
    }

    /// <summary>The value as a number, or <paramref name="defaultValue"/> when absent or malformed.</summary>
    public ulong GetUInt(string key, ulong defaultValue)
    {
        return TryGetUInt(key, out ulong value) ? value : defaultValue;
    }

    /// <summary>Parses "123" or "0x7b"/"0X7B"; false on empty input, a stray byte or overflow past 2^64-1.</summary>
    public static bool TryParseUInt(ReadOnlySpan<byte> digits, out ulong value)
    {
        value = 0;
        bool hex = digits.Length > 2 && digits[0] == (byte)'0' && (digits[1] == (byte)'x' || digits[1] == (byte)'X');
        int i = hex ? 2 : 0;
        if (i == digits.Length)
            return false;
        ulong result = 0;
        for (; i < digits.Length; i++)
        {
            uint digit = DigitValue(digits[i]);
            if (digit >= (hex ? 16u : 10u))
                return false;
            ulong radix = hex ? 16ul : 10ul;
            if (result > (ulong.MaxValue - digit) / radix)
                return false;
            result = result * radix + digit;
        }
        value = result;
        return true;
    }

    private int Find(string key)
    {
        for (int i = tokenCount - 1; i >= 0; i--)
        {
            if (KeyEquals(tokens[i], key))
                return i;
        }
        return -1;
    }

    private bool KeyEquals(Token token, string key)
    {
        if (token.KeyLength != key.Length)
            return false;
        for (int i = 0; i < key.Length; i++)
        {
            if (text[token.KeyStart + i] != key[i])
                return false;
        }
        return true;
    }

    private ReadOnlySpan<byte> Bytes(int start, int length) => new ReadOnlySpan<byte>(text).Slice(start, length);

    private void Report(BootCommandLineProblem problem, int offset)
    {
        if (problemCount == 0)
        {
            firstProblem = problem;
            firstProblemOffset = offset;
        }
        problemCount++;
    }

    private static uint DigitValue(byte b)
    {
        if (b >= (byte)'0' && b <= (byte)'9')
            return (uint)(b - '0');
        if (b >= (byte)'a' && b <= (byte)'f')
            return (uint)(b - 'a' + 10);
        if (b >= (byte)'A' && b <= (byte)'F')
            return (uint)(b - 'A' + 10);
        return 99;
    }

    private static bool IsSpace(byte b) => b == (byte)' ' || b == (byte)'\t' || b == (byte)'\n' || b == (byte)'\r';

    private static bool IsPrintable(byte b) => b >= 0x20 && b < 0x7F;
}
