using System.Collections.Generic;
using System.Linq;

namespace Minix3.Cosmos.Images.Iso;

// A directory's extent: "." and ".." then one record per entry in
// ECMA-119 order (IsoName.Compare), packed so that no record crosses a
// sector boundary (6.8.1.1: the rest of a sector is zero and readers skip
// to the next sector on a zero length byte).
internal static class DirectoryExtent
{
    public static List<byte[]> Records(IsoImage image, PlannedDirectory directory)
    {
        var time = image.Options.Timestamp;
        PlannedDirectory parent = directory.ParentOrSelf;
        byte[] self = RockRidge.Entries(RockRidge.DirectoryMode, directory.Links, null);
        if (directory.IsRoot)
            self = Concat(RockRidge.SharingProtocol(), self, RockRidge.ExtensionsReference());
        var records = new List<byte[]>
        {
            DirectoryRecord.Build(DirectoryRecord.Self, directory.Lba, directory.Size, true, time, self, directory.Source.Path),
            DirectoryRecord.Build(DirectoryRecord.Parent, parent.Lba, parent.Size, true, time,
                RockRidge.Entries(RockRidge.DirectoryMode, parent.Links, null), directory.Source.Path),
        };
        var entries = new List<(string Identifier, byte[] Record)>();
        foreach (IsoDirectory child in directory.Source.Directories)
        {
            PlannedDirectory planned = image.DirectoryOf[child];
            entries.Add((child.Identifier, DirectoryRecord.Build(DirectoryRecord.Identifier(child.Identifier), planned.Lba, planned.Size, true, time,
                RockRidge.Entries(RockRidge.DirectoryMode, planned.Links, child.Name), child.Path)));
        }
        foreach (IsoFile file in directory.Source.Files)
        {
            IsoExtent extent = image.ExtentOf(file);
            entries.Add((file.Identifier, DirectoryRecord.Build(DirectoryRecord.Identifier(file.Identifier), extent.Lba, extent.Length, false, time,
                RockRidge.Entries(RockRidge.FileMode, 1, file.Name), file.Path)));
        }
        records.AddRange(entries.OrderBy(e => e.Identifier, Comparer<string>.Create(IsoName.Compare)).Select(e => e.Record));
        return records;
    }

    // Where each record starts in the extent.
    public static List<int> Offsets(List<byte[]> records)
    {
        var offsets = new List<int>(records.Count);
        int at = 0;
        foreach (byte[] record in records)
        {
            if (at / IsoImage.SectorSize != (at + record.Length - 1) / IsoImage.SectorSize)
                at = (at / IsoImage.SectorSize + 1) * IsoImage.SectorSize;
            offsets.Add(at);
            at += record.Length;
        }
        return offsets;
    }

    public static uint Size(List<byte[]> records)
    {
        List<int> offsets = Offsets(records);
        return IsoImage.SectorsOf((uint)(offsets[^1] + records[^1].Length)) * IsoImage.SectorSize;
    }

    public static byte[] Bytes(IsoImage image, PlannedDirectory directory)
    {
        List<byte[]> records = Records(image, directory);
        List<int> offsets = Offsets(records);
        var bytes = new byte[directory.Size];
        for (int i = 0; i < records.Count; i++)
            records[i].CopyTo(bytes, offsets[i]);
        return bytes;
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
