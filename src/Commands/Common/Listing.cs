using System.Collections.Generic;

namespace Minix3.Cosmos.Commands.Common;

// One directory entry as ls shows it.
public struct ListedEntry
{
    public string Name;
    public ListedKind Kind;
    public long Size;
    public int Mode;            // 07777
    public string Owner, Group; // names, or numbers without an account

    public ListedEntry(string name, ListedKind kind, long size, int mode = 0, string owner = "", string group = "")
    {
        Name = name;
        Kind = kind;
        Size = size;
        Mode = mode;
        Owner = owner;
        Group = group;
    }
}

public enum ListedKind { File, Directory, CharDevice, Pipe, Other }

// The output of ls: names sorted by byte value (the C locale), one per line,
// directories with a trailing "/"; with -l the kind letter ('-' file, 'd'
// directory, 'c' character device, 'p' pipe) and the mode as ls -l prints
// it, owner, group and the size in bytes first, in columns so the names
// line up.
public static class Listing
{
    public static void Sort(List<ListedEntry> entries) => entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));

    public static string Format(ListedEntry entry, bool longFormat)
    {
        string name = entry.Kind == ListedKind.Directory ? entry.Name + "/" : entry.Name;
        if (!longFormat)
            return name;
        return KindLetter(entry.Kind).ToString() + Modes.Format(entry.Mode) + " " + Numbers.PadRight(entry.Owner, 8) + " "
            + Numbers.PadRight(entry.Group, 8) + " " + Numbers.PadLeft(entry.Size.ToString(), 10) + " " + name;
    }

    public static char KindLetter(ListedKind kind) =>
        kind == ListedKind.File ? '-' : kind == ListedKind.Directory ? 'd' : kind == ListedKind.CharDevice ? 'c' : kind == ListedKind.Pipe ? 'p' : '?';
}
