using System;
using System.Text;

namespace Minix3.Cosmos.Images.Iso;

// The primary (ECMA-119) identifiers of the real names. Only names with an
// exact upper-case form are accepted, so a reader that matches names
// case-insensitively (the BIOS loader, which knows no Rock Ridge) finds a
// file under the name it was given:
//   file       "kernel.elf" -> "KERNEL.ELF;1", "vm" -> "VM.;1"
//   directory  "boot"       -> "BOOT"
// Characters: a-z (upper-cased), A-Z, 0-9 and '_' (ECMA-119 d-characters);
// a file name holds at most one '.', and name plus extension at most 30
// characters (7.5.1, the level 2 limit); a directory name no '.' and at most
// 31. Anything else is refused rather than mangled: a mangled name would
// differ from the one the loader or modules.txt asks for.
public static class IsoName
{
    public const int MaxFileNameLength = 30;
    public const int MaxDirectoryNameLength = 31;

    public static string File(string name, string path)
    {
        int dot = name.IndexOf('.');
        if (dot != name.LastIndexOf('.'))
            throw new IsoFormatException($"{path}: an ISO 9660 file name holds at most one '.'");
        string stem = dot < 0 ? name : name[..dot];
        string extension = dot < 0 ? "" : name[(dot + 1)..];
        if (stem.Length + extension.Length == 0)
            throw new IsoFormatException($"{path}: an ISO 9660 file name needs a name or an extension");
        if (stem.Length + extension.Length > MaxFileNameLength)
            throw new IsoFormatException($"{path}: '{name}' is longer than ISO 9660's {MaxFileNameLength} characters (name and extension)");
        return UpperCase(stem, path) + "." + UpperCase(extension, path) + ";1";
    }

    public static string Directory(string name, string path)
    {
        if (name.Length == 0 || name.Contains('.'))
            throw new IsoFormatException($"{path}: an ISO 9660 directory name is not empty and holds no '.'");
        if (name.Length > MaxDirectoryNameLength)
            throw new IsoFormatException($"{path}: '{name}' is longer than ISO 9660's {MaxDirectoryNameLength} characters for a directory");
        return UpperCase(name, path);
    }

    private static string UpperCase(string part, string path)
    {
        var upper = new StringBuilder(part.Length);
        foreach (char c in part)
        {
            char u = c is >= 'a' and <= 'z' ? (char)(c - 'a' + 'A') : c;
            if (u is not ((>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_'))
                throw new IsoFormatException($"{path}: '{c}' has no ISO 9660 form (names use a-z, A-Z, 0-9, '_' and one '.')");
            upper.Append(u);
        }
        return upper.ToString();
    }

    // The identifier as the BIOS loader compares it: without the version
    // ";1" and without the '.' of a name that has no extension.
    public static string Bare(string identifier)
    {
        string bare = identifier.EndsWith(";1", StringComparison.Ordinal) ? identifier[..^2] : identifier;
        return bare.EndsWith('.') ? bare[..^1] : bare;
    }

    // ECMA-119 9.3: records sort by name then extension, each padded with
    // spaces; every d-character sorts after a space, so that is an ordinal
    // comparison of the parts. A directory identifier is all name.
    public static int Compare(string a, string b)
    {
        (string nameA, string extensionA) = Split(a);
        (string nameB, string extensionB) = Split(b);
        int byName = string.CompareOrdinal(nameA, nameB);
        return byName != 0 ? byName : string.CompareOrdinal(extensionA, extensionB);
    }

    private static (string Name, string Extension) Split(string identifier)
    {
        int version = identifier.IndexOf(';');
        string bare = version < 0 ? identifier : identifier[..version];
        int dot = bare.IndexOf('.');
        return dot < 0 ? (bare, "") : (bare[..dot], bare[(dot + 1)..]);
    }
}
