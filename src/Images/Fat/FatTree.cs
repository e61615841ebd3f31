using System;
using System.Collections.Generic;
using System.IO;

namespace Minix3.Cosmos.Images.Fat;

// What goes into a volume: directories and files, built in memory or read
// from a host folder. The writer puts each directory's subdirectories first,
// then its files, each in the order of these lists; FromHost sorts both by
// ordinal name, the order make-root-disk.sh gave mmd and mcopy, so the same
// tree always gives the same bytes.
public sealed class FatDirectory
{
    public FatDirectory(string name) => Name = name;

    public string Name { get; }
    public List<FatDirectory> Directories { get; } = new();
    public List<FatFile> Files { get; } = new();

    public FatDirectory AddDirectory(string name)
    {
        var directory = new FatDirectory(name) { Parent = this };
        Directories.Add(directory);
        return directory;
    }

    public FatFile AddFile(string name, byte[] contents)
    {
        var file = new FatFile(name, contents.Length, contents, null);
        Files.Add(file);
        return file;
    }

    // The file's bytes are read when the image is written, not now.
    public FatFile AddHostFile(string name, string hostPath)
    {
        var file = new FatFile(name, new FileInfo(hostPath).Length, null, hostPath);
        Files.Add(file);
        return file;
    }

    // A directory's path below the root, for error messages.
    public FatDirectory? Parent { get; private set; }

    internal string PathInVolume => Parent == null ? "/" : Parent.PathInVolume.TrimEnd('/') + "/" + Name;

    // The tree under `hostPath` (the folder itself is the volume's root).
    // Symbolic links are followed (a link to a folder enumerates as one).
    public static FatDirectory FromHost(string hostPath)
    {
        if (!Directory.Exists(hostPath))
            throw new FatImageException(hostPath, "the tree to put in the image is not a folder");
        var root = new FatDirectory("");
        Fill(root, new DirectoryInfo(hostPath));
        return root;
    }

    private static void Fill(FatDirectory directory, DirectoryInfo host)
    {
        var subdirectories = new List<DirectoryInfo>();
        var files = new List<FileInfo>();
        foreach (FileSystemInfo entry in host.EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo d)
                subdirectories.Add(d);
            else
                files.Add((FileInfo)entry);
        }
        subdirectories.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        files.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        foreach (DirectoryInfo d in subdirectories)
            Fill(directory.AddDirectory(d.Name), d);
        foreach (FileInfo f in files)
            directory.AddHostFile(f.Name, f.FullName);
    }
}

public sealed class FatFile
{
    internal FatFile(string name, long length, byte[]? contents, string? hostPath)
    {
        Name = name;
        Length = length;
        Contents = contents;
        HostPath = hostPath;
    }

    public string Name { get; }
    public long Length { get; }
    internal byte[]? Contents { get; }
    internal string? HostPath { get; }
}
