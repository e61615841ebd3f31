using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Minix3.Cosmos.Images.Iso;

// The tree the ISO holds: directories and files under their real names.
// Each name is checked when it is added (IsoName), so a name without an
// ISO 9660 form, or two names with the same one, fail here and name the path.
public sealed class IsoDirectory
{
    private readonly List<IsoDirectory> directories = new();
    private readonly List<IsoFile> files = new();

    private IsoDirectory(string name, string path, string identifier)
    {
        Name = name;
        Path = path;
        Identifier = identifier;
    }

    public static IsoDirectory Root() => new("", "/", "");

    public string Name { get; }
    public string Path { get; }
    public string Identifier { get; }
    public IReadOnlyList<IsoDirectory> Directories => directories;
    public IReadOnlyList<IsoFile> Files => files;

    // The subdirectory of that name, made if missing.
    public IsoDirectory Directory(string name)
    {
        IsoDirectory? existing = directories.FirstOrDefault(d => d.Name == name);
        if (existing != null)
            return existing;
        string path = Child(name);
        var made = new IsoDirectory(name, path, IsoName.Directory(name, path));
        CheckUnique(name, made.Identifier, path);
        directories.Add(made);
        return made;
    }

    public IsoFile Add(IsoFile file)
    {
        IsoFile placed = file.Placed(Child(file.Name));
        CheckUnique(placed.Name, placed.Identifier, placed.Path);
        files.Add(placed);
        return placed;
    }

    public IsoFile AddBytes(string name, byte[] contents) => Add(IsoFile.FromBytes(name, contents));

    public IsoFile AddHostFile(string name, string hostPath) => Add(IsoFile.FromHostFile(name, hostPath));

    // A host folder, recursively, in ordinal order of names (the ISO's own
    // order is ECMA-119's; this only makes errors repeatable).
    public static IsoDirectory FromHost(string hostDirectory)
    {
        IsoDirectory root = Root();
        root.AddHost(hostDirectory);
        return root;
    }

    private void AddHost(string hostDirectory)
    {
        foreach (string entry in System.IO.Directory.GetFileSystemEntries(hostDirectory).OrderBy(e => e, StringComparer.Ordinal))
        {
            string name = System.IO.Path.GetFileName(entry);
            if (System.IO.Directory.Exists(entry))
                Directory(name).AddHost(entry);
            else if (File.Exists(entry))
                AddHostFile(name, entry);
            else
                throw new IsoFormatException($"{entry}: neither a file nor a directory");
        }
    }

    // A file by its path of real names ("boot/kernel.elf" or "/boot/kernel.elf").
    public IsoFile? FindFile(string path)
    {
        string[] parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        IsoDirectory? at = this;
        for (int i = 0; i < parts.Length - 1 && at != null; i++)
            at = at.directories.FirstOrDefault(d => d.Name == parts[i]);
        return parts.Length == 0 ? null : at?.files.FirstOrDefault(f => f.Name == parts[^1]);
    }

    private string Child(string name)
    {
        if (name.Length == 0 || name.Contains('/') || name.Contains('\0'))
            throw new IsoFormatException($"{Path}: '{name}' is not a file name");
        return Path == "/" ? "/" + name : Path + "/" + name;
    }

    // Linux shows the real names, so two of them may not be equal; the
    // loader matches identifiers without regard to case, so neither may two
    // of those (a file "vm" and a directory "VM" would read as one).
    private void CheckUnique(string name, string identifier, string path)
    {
        string bare = IsoName.Bare(identifier);
        foreach (string other in directories.Select(d => d.Name).Concat(files.Select(f => f.Name)))
        {
            if (other == name)
                throw new IsoFormatException($"{path}: the name is there twice");
        }
        foreach (string other in directories.Select(d => d.Identifier).Concat(files.Select(f => f.Identifier)))
        {
            if (IsoName.Bare(other) == bare)
                throw new IsoFormatException($"{path}: its ISO 9660 name {identifier} is another entry's ({other}) but for case or version");
        }
    }
}
