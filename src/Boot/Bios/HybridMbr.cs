using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;

namespace Minix3.Cosmos.Boot.Bios;

/// <summary>
/// Makes an ISO 9660 image with an El Torito entry for stage 2 boot from a disk too: stage 1
/// in sector 0 (the system area), pointed at the boot image through its El Torito entry.
/// El Torito: the boot record volume descriptor at ISO sector 17 (type 0, "CD001", "EL TORITO
/// SPECIFICATION" at 7, the catalog's LBA at 0x47); the catalog's default entry at 32 (0x88
/// bootable, +8 the image's ISO LBA). The partition table (0x1be-0x1fd) is left to the ISO
/// writer; SeaBIOS needs none, some PCs want one.
/// </summary>
public static class HybridMbr
{
    private const int IsoSector = 2048;

    public static void Install(Stream iso, LoaderFiles files)
    {
        uint bootImage = BootImageLba(iso);
        var sector = new byte[512];
        iso.Position = 0;
        iso.ReadExactly(sector);
        Array.Copy(files.Mbr, sector, BiosLoader.MbrCodeBytes);
        BiosLoader.PatchStage1(sector, (ulong)bootImage * 4, files.Stage2Sectors512);
        sector[510] = 0x55;
        sector[511] = 0xAA;
        iso.Position = 0;
        iso.Write(sector);
    }

    /// <summary>The ISO LBA of the El Torito default entry's boot image.</summary>
    public static uint BootImageLba(Stream iso)
    {
        var record = Read(iso, 17);
        if (record[0] != 0 || Encoding.ASCII.GetString(record, 1, 5) != "CD001"
            || !Encoding.ASCII.GetString(record, 7, 23).StartsWith("EL TORITO SPECIFICATION", StringComparison.Ordinal))
            throw new InvalidDataException("no El Torito boot record at ISO sector 17");
        var catalog = Read(iso, BinaryPrimitives.ReadUInt32LittleEndian(record.AsSpan(0x47)));
        if (catalog[0] != 1 || catalog[0x1e] != 0x55 || catalog[0x1f] != 0xAA || catalog[32] != 0x88)
            throw new InvalidDataException("the El Torito catalog has no bootable default entry");
        return BinaryPrimitives.ReadUInt32LittleEndian(catalog.AsSpan(32 + 8));
    }

    private static byte[] Read(Stream iso, uint lba)
    {
        var sector = new byte[IsoSector];
        iso.Position = (long)lba * IsoSector;
        iso.ReadExactly(sector);
        return sector;
    }
}
