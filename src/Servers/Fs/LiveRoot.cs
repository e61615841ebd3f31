using System;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Fs.Fat;

namespace Minix3.Cosmos.Servers.Fs
{
    // Live mode: when no disk driver finds the root file system (a USB
    // stick on a PC, which has no USB mass-storage driver here; a CD with
    // no disk), FS mounts the FAT32 image the boot loader handed over as the
    // boot module "rootfs", copied into FS's own memory. Changes last until
    // power-off.
    //
    // Why in FS and not behind the ramdisk driver: a driver restart would
    // start again from the module as booted, silently undoing every change
    // under FS's cache (the module's pages cannot be mapped into ring 3
    // without a kernel mechanism, and ring 0 has no room for one). FS is
    // critical already, so holding the volume here adds no failure mode.
    internal static class LiveRoot
    {
        public const string Module = "rootfs";

        public static bool Offered => BootModules.IndexOf(Module, out _) >= 0;

        // The module mounted, or null and why not.
        public static FatFileSystem? Mount(out string line)
        {
            byte[]? image = BootModules.Read(Module);
            if (image == null)
            {
                line = "fs: live mode: the boot module rootfs could not be read (too big for FS's quota?)";
                return null;
            }
            if (image.Length < MemoryDisk.Sector || image.Length % MemoryDisk.Sector != 0)
            {
                line = string.Concat("fs: live mode: the boot module rootfs is ", image.Length.ToString(), " bytes, not whole sectors");
                return null;
            }
            FsError error = FatFileSystem.Mount(new MemoryDisk(image), out FatFileSystem? volume, out string message);
            if (error != FsError.None || volume == null)
            {
                line = string.Concat("fs: live mode: the boot module rootfs is not a FAT32 volume: ", message.Length > 0 ? message : error.ToString());
                return null;
            }
            line = string.Concat("fs: live mode: mounted FAT32 from the boot module rootfs in RAM (",
                (image.Length >> 20).ToString(), " MiB); changes last until power-off");
            return volume;
        }
    }

    // A disk held in memory, for the live root (and nothing else: FS's own
    // disk goes through its driver).
    internal sealed class MemoryDisk : IBlockDevice
    {
        public const int Sector = 512;
        private readonly byte[] _bytes;

        public MemoryDisk(byte[] bytes) => _bytes = bytes;

        public long SectorCount => _bytes.Length / Sector;

        public bool ReadSector(long lba, Span<byte> destination) => ReadSectors(lba, 1, destination);

        public bool ReadSectors(long lba, int count, Span<byte> destination)
        {
            if (!Fits(lba, count, destination.Length))
                return false;
            _bytes.AsSpan((int)(lba * Sector), count * Sector).CopyTo(destination);
            return true;
        }

        public bool WriteSector(long lba, ReadOnlySpan<byte> source) => WriteSectors(lba, 1, source);

        public bool WriteSectors(long lba, int count, ReadOnlySpan<byte> source)
        {
            if (!Fits(lba, count, source.Length))
                return false;
            source.CopyTo(_bytes.AsSpan((int)(lba * Sector), count * Sector));
            return true;
        }

        private bool Fits(long lba, int count, int length) =>
            lba >= 0 && count >= 0 && count <= SectorCount - lba && length == count * Sector;
    }
}
