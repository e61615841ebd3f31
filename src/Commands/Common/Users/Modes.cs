namespace Minix3.Cosmos.Commands.Common;

// File modes as people write them: ls -l's nine letters (with s, S, t, T
// for the set-id and sticky bits) and chmod's operands, octal ("4755") or
// symbolic ("u+x", "go-w", "a=r,u+w", "+t"), as POSIX chmod defines them
// (no umask: "+x" means "a+x").
public static class Modes
{
    public const int SetUid = 0x800, SetGid = 0x400, Sticky = 0x200, All = 0xFFF;

    public static string Format(int mode)
    {
        var letters = new char[9];
        for (int who = 0; who < 3; who++)
        {
            int bits = (mode >> (6 - 3 * who)) & 7;
            letters[3 * who] = (bits & 4) != 0 ? 'r' : '-';
            letters[3 * who + 1] = (bits & 2) != 0 ? 'w' : '-';
            letters[3 * who + 2] = (bits & 1) != 0 ? 'x' : '-';
        }
        if ((mode & SetUid) != 0)
            letters[2] = letters[2] == 'x' ? 's' : 'S';
        if ((mode & SetGid) != 0)
            letters[5] = letters[5] == 'x' ? 's' : 'S';
        if ((mode & Sticky) != 0)
            letters[8] = letters[8] == 'x' ? 't' : 'T';
        return new string(letters);
    }

    // The mode `spec` makes of `old`; false when spec is not a mode.
    public static bool TryApply(string spec, int old, out int mode)
    {
        mode = old;
        if (spec.Length == 0)
            return false;
        if (spec[0] >= '0' && spec[0] <= '7')
            return TryOctal(spec, out mode);
        int at = 0;
        while (true)
        {
            // who: u g o a, none meaning a
            int whoMask = 0;
            while (at < spec.Length && (spec[at] == 'u' || spec[at] == 'g' || spec[at] == 'o' || spec[at] == 'a'))
            {
                whoMask |= spec[at] == 'u' ? 0x9C0 : spec[at] == 'g' ? 0x438 : spec[at] == 'o' ? 0x207 : 0xFFF;
                at++;
            }
            if (whoMask == 0)
                whoMask = 0xFFF;
            if (at >= spec.Length || (spec[at] != '+' && spec[at] != '-' && spec[at] != '='))
                return false;
            while (at < spec.Length && (spec[at] == '+' || spec[at] == '-' || spec[at] == '='))
            {
                char op = spec[at++];
                int bits = 0;
                while (at < spec.Length && spec[at] != ',' && spec[at] != '+' && spec[at] != '-' && spec[at] != '=')
                {
                    char p = spec[at++];
                    if (p == 'r') bits |= 0x124;
                    else if (p == 'w') bits |= 0x92;
                    else if (p == 'x') bits |= 0x49;
                    else if (p == 's') bits |= SetUid | SetGid;
                    else if (p == 't') bits |= Sticky;
                    else return false;
                }
                bits &= whoMask;
                if (op == '+')
                    mode |= bits;
                else if (op == '-')
                    mode &= ~bits;
                else
                    mode = (mode & ~whoMask) | bits;
            }
            if (at == spec.Length)
                return true;
            if (spec[at] != ',')
                return false;
            at++;
        }
    }

    private static bool TryOctal(string text, out int value)
    {
        value = 0;
        if (text.Length > 4)
            return false;
        foreach (char c in text)
        {
            if (c < '0' || c > '7')
                return false;
            value = value * 8 + (c - '0');
        }
        return true;
    }
}
