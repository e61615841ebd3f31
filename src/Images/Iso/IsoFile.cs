using System;
using System.IO;

namespace Minix3.Cosmos.Images.Iso;

// A file's contents for the ISO: bytes in memory or a host file, read only
// when the image is written. The length is fixed when the entry is made
// (the layout is planned from it); a host file that changes size before the
// write is an error, not a shifted image.
public sealed class IsoFile
{
    private readonly byte[]? bytes;
    private readonly string? hostPath;

    private IsoFile(string name, string path, long length, byte[]? bytes, string? hostPath)
    {
        if (length > uint.MaxValue)
            throw new IsoFormatException($"{path}: {length} bytes do not fit one ISO 9660 extent (4 GiB - 1)");
        Name = name;
        Path = path;
        Length = length;
        this.bytes = bytes;
        this.hostPath = hostPath;
    }

    // The real (Rock Ridge) name and the path in the tree ("/boot/kernel.elf").
    public string Name { get; }
    public string Path { get; }
    public long Length { get; }
    public string Identifier { get; private init; } = "";

    public static IsoFile FromBytes(string name, byte[] contents, string path = "") =>
        new(name, path.Length > 0 ? path : name, contents.Length, contents, null);

    public static IsoFile FromHostFile(string name, string hostPath, string path = "") =>
        new(name, path.Length > 0 ? path : name, new FileInfo(hostPath).Length, null, hostPath);

    internal IsoFile Placed(string path) =>
        new(Name, path, Length, bytes, hostPath) { Identifier = IsoName.File(Name, path) };

    public byte[] ReadAll()
    {
        if (bytes != null)
            return bytes;
        byte[] read = File.ReadAllBytes(hostPath!);
        if (read.Length != Length)
            throw new IsoFormatException($"{hostPath}: changed size while the ISO was written ({Length} then {read.Length} bytes)");
        return read;
    }

    public void CopyTo(Stream output)
    {
        if (bytes != null)
        {
            output.Write(bytes);
            return;
        }
        using var input = new FileStream(hostPath!, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        if (input.Length != Length)
            throw new IsoFormatException($"{hostPath}: changed size while the ISO was written ({Length} then {input.Length} bytes)");
        input.CopyTo(output, 1 << 20);
    }
}
