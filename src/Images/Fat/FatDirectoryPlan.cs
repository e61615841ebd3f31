using System;
using System.Collections.Generic;
using System.Text;

namespace Minix3.Cosmos.Images.Fat;

// One directory's entries as they will be stored: names encoded (FatNames),
// aliases unique, and later the first cluster of each. Names that differ
// only in case are refused: FAT (and the guest, Windows, Linux' vfat)
// looks names up ignoring case, so the second could never be opened.
internal sealed class FatDirectoryPlan
{
    public const int MaxEntries = 65536;    // the FAT specification's limit per directory

    public sealed class Entry
    {
        public required string Name;
        public string? LongName;            // null: the short entry alone
        public required byte[] ShortName;
        public byte CaseFlags;
        public FatDirectoryPlan? Directory;
        public FatFile? File;
        public uint FirstCluster;
        public int Slots => 1 + (LongName == null ? 0 : FatNames.LongSlots(LongName));
    }

    private FatDirectoryPlan(FatDirectory node, FatDirectoryPlan? parent)
    {
        Node = node;
        Parent = parent;
    }

    public FatDirectory Node { get; }
    public FatDirectoryPlan? Parent { get; }
    public List<Entry> Entries { get; } = new();
    public bool IsRoot => Parent == null;
    public uint FirstCluster;               // 0 for a FAT12/16 root
    public int Clusters;

    // Slots used: "." and ".." outside the root, the label entry in it.
    public int Slots(bool hasLabel)
    {
        int slots = IsRoot ? (hasLabel ? 1 : 0) : 2;
        foreach (Entry e in Entries)
            slots += e.Slots;
        return slots;
    }

    // Every directory of the tree, root first, each before its children.
    public static List<FatDirectoryPlan> PlanTree(FatDirectory root)
    {
        var all = new List<FatDirectoryPlan>();
        Add(all, root, null);
        return all;
    }

    private static void Add(List<FatDirectoryPlan> all, FatDirectory node, FatDirectoryPlan? parent)
    {
        var plan = new FatDirectoryPlan(node, parent);
        all.Add(plan);
        plan.NameEntries();
        for (int i = 0; i < node.Directories.Count; i++)
        {
            int index = all.Count;
            Add(all, node.Directories[i], plan);
            plan.Entries[i].Directory = all[index];
        }
    }

    private void NameEntries()
    {
        string path = Node.PathInVolume;
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var shortNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (string name in Children())
        {
            string? problem = FatNames.Problem(name);
            if (problem != null)
                throw new FatImageException(Join(path, name), problem);
            if (names.TryGetValue(name, out string? other))
                throw new FatImageException(Join(path, name), other == name
                    ? $"\"{name}\" is in {path} twice"
                    : $"\"{other}\" and \"{name}\" in {path} differ only in case: FAT looks names up ignoring case, so it cannot hold both");
            names.Add(name, name);
        }
        // Plain short names first, so no alias can take one of them.
        var plain = new List<(string Name, byte[]? Short, byte Flags)>();
        foreach (string name in Children())
        {
            if (FatNames.TryPlainShort(name, out byte[] shortName, out byte flags))
            {
                shortNames.Add(Key(shortName));
                plain.Add((name, shortName, flags));
            }
            else
            {
                plain.Add((name, null, 0));
            }
        }
        foreach (var (name, shortName, flags) in plain)
        {
            byte[] stored = shortName ?? Alias(name, shortNames);
            Entries.Add(new Entry { Name = name, LongName = shortName == null ? name : null, ShortName = stored, CaseFlags = flags });
        }
        if (Entries.Count + 2 > MaxEntries)
            throw new FatImageException(path, $"{Entries.Count} entries: a FAT directory holds at most {MaxEntries - 2}");
        // Directories first, then files: the order of Children().
        for (int i = Node.Directories.Count; i < Entries.Count; i++)
            Entries[i].File = Node.Files[i - Node.Directories.Count];
    }

    private IEnumerable<string> Children()
    {
        foreach (FatDirectory d in Node.Directories) yield return d.Name;
        foreach (FatFile f in Node.Files) yield return f.Name;
    }

    // The upper-cased name if it is 8.3 and free, else the first free
    // BASIS~N (N from 1, as mtools and Windows number them).
    private static byte[] Alias(string name, HashSet<string> taken)
    {
        if (FatNames.TryUpperShort(name, out byte[] upper) && taken.Add(Key(upper)))
            return upper;
        var (stem, ext) = FatNames.Basis(name);
        for (int n = 1; n < 1_000_000; n++)
        {
            byte[] alias = FatNames.WithTail(stem, ext, n);
            if (taken.Add(Key(alias)))
                return alias;
        }
        throw new InvalidOperationException("no free short alias");   // a directory holds fewer than 65,536 entries
    }

    private static string Key(byte[] shortName) => Encoding.ASCII.GetString(shortName);

    private static string Join(string path, string name) => path.TrimEnd('/') + "/" + name;
}
