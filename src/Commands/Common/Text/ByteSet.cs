namespace Minix3.Cosmos.Commands.Common.Text;

// A set of bytes (256 bits): a bracket expression of a regular expression,
// a class of tr. Characters are bytes, as in the POSIX locale.
public sealed class ByteSet
{
    private readonly ulong[] _bits = new ulong[4];

    public bool Contains(byte value) => (_bits[value >> 6] & (1UL << (value & 63))) != 0;

    public void Add(int value) => _bits[(value >> 6) & 3] |= 1UL << (value & 63);

    public void AddRange(int first, int last)
    {
        for (int c = first; c <= last && c <= 255; c++)
            Add(c);
    }

    public void AddAll(ByteSet other)
    {
        for (int i = 0; i < 4; i++)
            _bits[i] |= other._bits[i];
    }

    public void Invert()
    {
        for (int i = 0; i < 4; i++)
            _bits[i] = ~_bits[i];
    }

    // Adds the other case of every ASCII letter in the set.
    public void FoldCase()
    {
        for (int c = 'A'; c <= 'Z'; c++)
        {
            if (Contains((byte)c) || Contains((byte)(c + 32)))
            {
                Add(c);
                Add(c + 32);
            }
        }
    }

    // The POSIX character classes by name ("alpha" of "[:alpha:]"), in
    // the POSIX locale; false for an unknown name.
    public bool AddClass(string name)
    {
        switch (name)
        {
            case "alpha": AddRange('a', 'z'); AddRange('A', 'Z'); return true;
            case "digit": AddRange('0', '9'); return true;
            case "alnum": AddRange('a', 'z'); AddRange('A', 'Z'); AddRange('0', '9'); return true;
            case "upper": AddRange('A', 'Z'); return true;
            case "lower": AddRange('a', 'z'); return true;
            case "space": AddRange(9, 13); Add(' '); return true;
            case "blank": Add(' '); Add('\t'); return true;
            case "punct": AddRange(33, 47); AddRange(58, 64); AddRange(91, 96); AddRange(123, 126); return true;
            case "print": AddRange(32, 126); return true;
            case "graph": AddRange(33, 126); return true;
            case "cntrl": AddRange(0, 31); Add(127); return true;
            case "xdigit": AddRange('0', '9'); AddRange('a', 'f'); AddRange('A', 'F'); return true;
            default: return false;
        }
    }

    public static ByteSet Of(int value)
    {
        var set = new ByteSet();
        set.Add(value);
        return set;
    }
}
