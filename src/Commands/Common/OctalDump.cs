using System.Text;

namespace Minix3.Cosmos.Commands.Common;

// od's lines (POSIX od -b -c -d -o -x): the input in blocks of 16 bytes,
// each block a line per chosen format after its offset (7 octal digits);
// the lines after the first for a block are indented by 7 blanks. A block
// equal to the one before prints "*" once instead (unless Verbose), and
// the dump ends with the offset past the last byte.
//   -b  bytes in octal, "%03o" in 4 columns
//   -c  bytes as characters: printable ones as is, \0 \a \b \f \n \r \t \v,
//       others in octal, in 4 columns
//   -d  two-byte words, unsigned decimal, "%5u" in 6 columns
//   -o  two-byte words in octal, "%06o" in 7 columns (the default)
//   -x  two-byte words in hexadecimal, "%04x" in 5 columns
// Words are little-endian (the machine's order); an odd last byte is a
// word with a zero high byte. With several formats the fields are widened
// so the columns line up (as GNU od does): every line is as wide as the
// widest format's.
public sealed class OctalDump
{
    public const int BlockBytes = 16;

    private readonly string _formats;
    private byte[]? _previous;
    private bool _starred;

    // formats: the option letters in the order given ("" is "o").
    public OctalDump(string formats, bool verbose = false)
    {
        _formats = formats.Length == 0 ? "o" : formats;
        Verbose = verbose;
    }

    public bool Verbose { get; }

    // The text for one block at offset (null when it is a repeat already
    // shown by "*").
    public string? Block(long offset, byte[] block, int length)
    {
        if (!Verbose && length == BlockBytes && _previous != null && Same(_previous, block))
        {
            if (_starred)
                return null;
            _starred = true;
            return "*\n";
        }
        _starred = false;
        if (length == BlockBytes)
        {
            _previous ??= new byte[BlockBytes];
            System.Array.Copy(block, 0, _previous, 0, BlockBytes);
        }
        var text = new StringBuilder();
        for (int f = 0; f < _formats.Length; f++)
        {
            text.Append(f == 0 ? Offset(offset) : "       ");
            AppendFormat(text, _formats[f], block, length, FieldWidth(_formats[f]));
            text.Append('\n');
        }
        return text.ToString();
    }

    public static string End(long offset) => Offset(offset) + "\n";

    // At least 7 octal digits, more past 2 MiB.
    public static string Offset(long offset)
    {
        int digits = 7;
        while (digits < 22 && (offset >> (3 * digits)) != 0)
            digits++;
        return Octal(offset, digits);
    }

    // Bytes per field and the field's own width (its blank included).
    private static int UnitOf(char format) => format == 'b' || format == 'c' ? 1 : 2;

    private static int NaturalWidth(char format) => format switch
    {
        'b' => 4,
        'c' => 4,
        'd' => 6,
        'x' => 5,
        _ => 7,
    };

    // The width that makes this format's line as wide as the widest's.
    private int FieldWidth(char format)
    {
        int line = 0;
        foreach (char f in _formats)
        {
            int width = BlockBytes / UnitOf(f) * NaturalWidth(f);
            line = width > line ? width : line;
        }
        return line / (BlockBytes / UnitOf(format));
    }

    private static void AppendFormat(StringBuilder text, char format, byte[] block, int length, int width)
    {
        if (format == 'b' || format == 'c')
        {
            for (int i = 0; i < length; i++)
                text.Append(Numbers.PadLeft(format == 'b' ? Octal(block[i], 3) : Character(block[i]), width));
            return;
        }
        for (int i = 0; i < length; i += 2)
        {
            int word = block[i] | (i + 1 < length ? block[i + 1] << 8 : 0);
            string field = format == 'd' ? word.ToString() : format == 'x' ? Hex(word, 4) : Octal(word, 6);
            text.Append(Numbers.PadLeft(field, width));
        }
    }

    private static string Character(byte b)
    {
        switch (b)
        {
            case 0: return "\\0";
            case 7: return "\\a";
            case 8: return "\\b";
            case 9: return "\\t";
            case 10: return "\\n";
            case 11: return "\\v";
            case 12: return "\\f";
            case 13: return "\\r";
        }
        if (b >= 32 && b < 127)
            return ((char)b).ToString();
        return Octal(b, 3);
    }

    public static string Octal(long value, int digits)
    {
        var chars = new char[digits];
        for (int i = digits - 1; i >= 0; i--)
        {
            chars[i] = (char)('0' + (value & 7));
            value >>= 3;
        }
        return new string(chars);
    }

    public static string Hex(long value, int digits)
    {
        var chars = new char[digits];
        for (int i = digits - 1; i >= 0; i--)
        {
            int nibble = (int)(value & 15);
            chars[i] = (char)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
            value >>= 4;
        }
        return new string(chars);
    }

    private static bool Same(byte[] a, byte[] b)
    {
        for (int i = 0; i < BlockBytes; i++)
        {
            if (a[i] != b[i])
                return false;
        }
        return true;
    }
}
