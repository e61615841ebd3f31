using System;
using System.IO;
using Minix3.Cosmos.Testing;

namespace Minix3.Cosmos.Boot;

// A FAT32 disk image made and read with the real host tools: mkfs.fat and
// fsck.fat (dosfstools), mcopy/mmd/mdir (mtools). The same approach as the
// FAT engine's unit tests (test/Unit/Servers/Fs/Fat/HostFatTools.cs), for
// the boot tests. A missing tool fails with the package to install.
internal sealed class HostFatImage
{
    public HostFatImage(string path) => Path = path;

    public string Path { get; }

    // A fresh FAT32 image of `mib` MiB (512-byte sectors, mkfs.fat's cluster size).
    public static HostFatImage Make(string path, int mib)
    {
        File.Delete(path);
        HostTool.MustRun("mkfs.fat", "dosfstools", "-C", "-F", "32", "-S", "512", "-n", "MINIX3", path, (mib * 1024).ToString());
        return new HostFatImage(path);
    }

    public void MakeDirectory(string fatPath) => HostTool.MustRun("mmd", "mtools", "-i", Path, "::" + fatPath);

    // Writes the file, replacing one that is there (mcopy -o).
    public void Put(string fatPath, byte[] contents)
    {
        string host = Temporary();
        File.WriteAllBytes(host, contents);
        try { HostTool.MustRun("mcopy", "mtools", "-o", "-i", Path, host, "::" + fatPath); }
        finally { File.Delete(host); }
    }

    // The file's bytes, or null if mcopy cannot find it.
    public byte[]? Get(string fatPath)
    {
        string host = Temporary();
        try
        {
            var (code, _) = HostTool.Run("mcopy", "mtools", "-n", "-i", Path, "::" + fatPath, host);
            return code == 0 && File.Exists(host) ? File.ReadAllBytes(host) : null;
        }
        finally { File.Delete(host); }
    }

    public string List(string fatPath) => HostTool.MustRun("mdir", "mtools", "-i", Path, "::" + fatPath);

    // fsck.fat -n (check only): exit code 0 and its report.
    public (int Code, string Output) Check() => HostTool.Run("fsck.fat", "dosfstools", "-n", "-v", Path);

    private string Temporary() => System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path)!, "host-" + Guid.NewGuid().ToString("N"));
}
