using System;
using System.IO;

namespace Minix3.Cosmos.Images.Iso;

// Writes a planned image front to back, each part at the LBA the plan gave
// it; the gaps are zero. The output need not seek.
internal static class IsoWriter
{
    public static void Write(IsoImage image, Stream output, ReadOnlySpan<byte> mbrCode)
    {
        if (!image.Options.Hybrid && mbrCode.Length > 0)
            throw new IsoFormatException("MBR boot code given for an ISO that is not hybrid (IsoOptions.Hybrid)");
        var at = new Position(output);
        var systemArea = new byte[IsoImage.PrimaryVolumeDescriptorLba * IsoImage.SectorSize];
        if (image.Options.Hybrid)
            HybridMbr.Build(mbrCode, image.Options.DiskSignature, (ulong)image.SectorCount * 4, image.EfiImage).CopyTo(systemArea, 0);
        at.Write(systemArea);
        at.Write(VolumeDescriptors.Primary(image));
        if (image.BootCatalogLba is uint catalog)
            at.Write(VolumeDescriptors.BootRecord(catalog));
        at.Write(VolumeDescriptors.Terminator());
        at.SeekTo(image.PathTableLLba);
        at.Write(PathTable.Build(image, bigEndian: false));
        at.SeekTo(image.PathTableMLba);
        at.Write(PathTable.Build(image, bigEndian: true));
        if (image.BootCatalogLba is uint catalogLba)
        {
            at.SeekTo(catalogLba);
            at.Write(ElTorito.Catalog(image));
        }
        foreach (PlannedDirectory directory in image.Directories)
        {
            at.SeekTo(directory.Lba);
            at.Write(DirectoryExtent.Bytes(image, directory));
        }
        if (image.EfiImage is IsoExtent esp)
        {
            at.SeekTo(esp.Lba);
            at.Copy(image.Options.EfiImage!);
        }
        foreach (var (file, extent) in image.Files)
        {
            if (extent.Length == 0)
                continue;
            at.SeekTo(extent.Lba);
            if (file == image.BiosBootFileEntry && image.Options.BootInfoTable)
            {
                byte[] patched = (byte[])file.ReadAll().Clone();
                ElTorito.PatchBootInfoTable(patched, extent.Lba);
                at.Write(patched);
            }
            else
                at.Copy(file);
        }
        at.SeekTo(image.SectorCount);
        output.Flush();
    }

    // The output's position, counted here so a pipe works as well as a file.
    private sealed class Position(Stream output)
    {
        private static readonly byte[] Zeros = new byte[1 << 16];
        private long written;

        public void Write(ReadOnlySpan<byte> bytes)
        {
            output.Write(bytes);
            written += bytes.Length;
        }

        public void Copy(IsoFile file)
        {
            file.CopyTo(output);
            written += file.Length;
        }

        public void SeekTo(uint lba)
        {
            long target = (long)lba * IsoImage.SectorSize;
            if (target < written)
                throw new InvalidOperationException($"the ISO writer is past LBA {lba} already (at byte {written})");
            while (written < target)
                Write(Zeros.AsSpan(0, (int)Math.Min(Zeros.Length, target - written)));
        }
    }
}
