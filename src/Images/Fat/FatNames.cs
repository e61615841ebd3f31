using System;
using System.Text;

namespace Minix3.Cosmos.Images.Fat;

// How a name is stored, the way mtools' mcopy stores it (what the guest's
// file server, src/Servers/Fs/Fat, was tested against):
//  - a name that is 8.3 with characters a short name allows, its stem all
//    one case and its extension all one case ("kernel.elf", "vm",
//    "lower.TXT", "README"), is one short entry; lower case is kept in the
//    NT case flags of byte 12 (0x08 stem, 0x10 extension), which the guest,
//    Linux and Windows show;
//  - anything else ("inet.conf", "Mixed.Txt", ".profile", long names) gets
//    VFAT long-name entries (UTF-16, with the checksum of the short name)
//    before an alias: the upper-cased name if it is 8.3 and still free
//    ("MIXED.TXT"), else the basis with a ~N tail ("INET~1.CON").
internal static class FatNames
{
    public const int MaxLongName = 255;
    public const byte LowerStem = 0x08, LowerExtension = 0x10;

    // Why FAT cannot hold `name`, or null if it can.
    public static string? Problem(string name)
    {
        if (name.Length == 0 || name == "." || name == "..")
            return $"\"{name}\" is not a name a FAT directory can hold";
        if (name.Length > MaxLongName)
            return $"the name is {name.Length} characters; FAT holds at most {MaxLongName}";
        foreach (char c in name)
        {
            if (c < 0x20 || c == 0x7F || "\"*/:<>?\\|".IndexOf(c) >= 0)
                return $"the name \"{name}\" has the character {Describe(c)}, which FAT does not allow";
        }
        char last = name[^1];
        if (last == '.' || last == ' ')
            return $"the name \"{name}\" ends in a {(last == '.' ? "dot" : "space")}, which FAT drops (Windows would show another name)";
        return null;
    }

    private static string Describe(char c) => c < 0x20 || c == 0x7F ? $"0x{(int)c:X2}" : $"'{c}'";

    private static bool IsShortChar(char c) =>
        (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "$%'-_@~`!(){}^#&".IndexOf(c) >= 0;

    private static char Upper(char c) => c >= 'a' && c <= 'z' ? (char)(c - 32) : c;

    // The 11-byte short name and case flags if `name` needs no long entries.
    public static bool TryPlainShort(string name, out byte[] shortName, out byte caseFlags)
    {
        caseFlags = 0;
        if (!TrySplit83(name, out string stem, out string ext, out shortName))
            return false;
        int stemCase = CaseOf(stem), extCase = CaseOf(ext);
        if (stemCase < 0 || extCase < 0)
            return false;
        caseFlags = (byte)((stemCase == 1 ? LowerStem : 0) | (extCase == 1 ? LowerExtension : 0));
        return true;
    }

    // The upper-cased name as 11 bytes if it is 8.3 with short characters.
    public static bool TryUpperShort(string name, out byte[] shortName) => TrySplit83(name, out _, out _, out shortName);

    // -1 mixed case, 1 all letters lower, 0 otherwise (upper, or no letters).
    private static int CaseOf(string part)
    {
        bool lower = false, upper = false;
        foreach (char c in part)
        {
            lower |= c >= 'a' && c <= 'z';
            upper |= c >= 'A' && c <= 'Z';
        }
        return lower && upper ? -1 : lower ? 1 : 0;
    }

    private static bool TrySplit83(string name, out string stem, out string ext, out byte[] shortName)
    {
        int dot = name.IndexOf('.');
        stem = dot < 0 ? name : name[..dot];
        ext = dot < 0 ? "" : name[(dot + 1)..];
        shortName = Blank();
        if (stem.Length == 0 || stem.Length > 8 || ext.Length > 3 || ext.Contains('.'))
            return false;
        for (int i = 0; i < stem.Length; i++)
        {
            char c = Upper(stem[i]);
            if (!IsShortChar(c)) return false;
            shortName[i] = (byte)c;
        }
        for (int i = 0; i < ext.Length; i++)
        {
            char c = Upper(ext[i]);
            if (!IsShortChar(c)) return false;
            shortName[8 + i] = (byte)c;
        }
        return true;
    }

    // The alias basis of a long name: upper case, characters a short name
    // cannot hold as '_', spaces and every dot but the last dropped (a
    // leading dot starts no extension: ".profile" is PROFILE).
    public static (string Stem, string Ext) Basis(string name)
    {
        int lastDot = name.LastIndexOf('.');
        if (lastDot == 0) lastDot = -1;
        var stem = new StringBuilder();
        var ext = new StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (c == ' ' || c == '.')
                continue;
            char u = Upper(c);
            char mapped = IsShortChar(u) ? u : '_';
            if (lastDot >= 0 && i > lastDot) { if (ext.Length < 3) ext.Append(mapped); }
            else if (stem.Length < 8) stem.Append(mapped);
        }
        return (stem.Length == 0 ? "_" : stem.ToString(), ext.ToString());
    }

    // "STEM~N.EXT" as 11 bytes, the stem cut so that it and "~N" fit 8.
    public static byte[] WithTail(string stem, string ext, int n)
    {
        string tail = "~" + n;
        string full = stem[..Math.Min(stem.Length, 8 - tail.Length)] + tail;
        byte[] raw = Blank();
        Encoding.ASCII.GetBytes(full, raw);
        Encoding.ASCII.GetBytes(ext, 0, ext.Length, raw, 8);
        return raw;
    }

    public static byte[] Blank()
    {
        var raw = new byte[11];
        raw.AsSpan().Fill((byte)' ');
        return raw;
    }

    // The checksum every long-name entry carries of its short entry's name.
    public static byte Checksum(ReadOnlySpan<byte> shortName)
    {
        byte sum = 0;
        for (int i = 0; i < 11; i++)
            sum = (byte)((((sum & 1) << 7) | (sum >> 1)) + shortName[i]);
        return sum;
    }

    // Long-name slots for `name`: 13 UTF-16 units each.
    public static int LongSlots(string name) => (name.Length + 12) / 13;
}
