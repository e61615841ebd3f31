using System;
using System.IO;

namespace Minix3.Cosmos.Unit.Servers.Fs.Fat;

// Damage made by hand in a host image file: raw bytes, FAT links (first
// FAT only, as a stray write would leave them) and directory entries.
internal static class FatImagePatch
{
    public static void Patch(string image, long offset, params byte[] bytes)
    {
        using var f = new FileStream(image, FileMode.Open, FileAccess.ReadWrite);
        f.Position = offset;
        f.Write(bytes);
    }

    public static void Patch16(string image, long offset, ushort value) => Patch(image, offset, BitConverter.GetBytes(value));

    public static void Patch32(string image, long offset, uint value) => Patch(image, offset, BitConverter.GetBytes(value));

    public static long FatEntryOffset(string image, uint cluster)
    {
        byte[] boot = new byte[512];
        using (var f = File.OpenRead(image)) f.ReadExactly(boot);
        return BitConverter.ToUInt16(boot, 14) * 512L + cluster * 4L;
    }

    public static uint FatEntry(string image, uint cluster)
    {
        byte[] link = new byte[4];
        using (var f = File.OpenRead(image))
        {
            f.Position = FatEntryOffset(image, cluster);
            f.ReadExactly(link);
        }
        return BitConverter.ToUInt32(link) & 0x0FFFFFFF;
    }

    public static void SetLink(string image, uint cluster, uint next) => Patch32(image, FatEntryOffset(image, cluster), next);

    // The short entry at `entryPosition` names `cluster` as its first.
    public static void SetEntryCluster(string image, long entryPosition, uint cluster)
    {
        Patch16(image, entryPosition + 20, (ushort)(cluster >> 16));
        Patch16(image, entryPosition + 26, (ushort)cluster);
    }
}
