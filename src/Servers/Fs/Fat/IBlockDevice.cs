using System;

namespace Minix3.Cosmos.Servers.Fs.Fat
{
    // A disk seen as whole 512-byte sectors. The file server implements it with
    // messages to the disk driver; tests implement it over a byte array or a
    // host file. Drivers keep no cache: caching is the engine's job.
    public interface IBlockDevice
    {
        // Number of 512-byte sectors on the device.
        long SectorCount { get; }

        // Reads sector `lba` into destination (exactly 512 bytes); false on an I/O error.
        bool ReadSector(long lba, Span<byte> destination);

        // Reads `count` consecutive sectors from `lba` into destination
        // (exactly count * 512 bytes); false on an I/O error. Bulk file
        // reads use it, so a device can move a run at once.
        bool ReadSectors(long lba, int count, Span<byte> destination);

        // Writes source (exactly 512 bytes) to sector `lba`; false on an I/O error.
        bool WriteSector(long lba, ReadOnlySpan<byte> source);

        // Writes `count` consecutive sectors from `lba` (source exactly
        // count * 512 bytes); false on an I/O error. Bulk file writes use it.
        bool WriteSectors(long lba, int count, ReadOnlySpan<byte> source);
    }
}
