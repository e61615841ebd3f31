using System;
using System.Globalization;
using System.Text;

namespace Minix3.Cosmos.Images.Vmware;

// The text descriptor a monolithicSparse .vmdk embeds after its header
// (VMware's Virtual Disk Format 1.1): the content id, the disk kind, one
// read-write extent (the file itself, by name, so the name must be the
// final one) and the disk database. The adapter is IDE: the .vmx attaches
// the disk as ide0:0 (src/Build/Tool/VmwareMachine.cs), and VMware checks
// that the two agree. IDE geometry is 16 heads x 63 sectors, cylinders
// from the size, at most 16383 (ATA's CHS limit).
public static class VmdkDescriptor
{
    public const string AdapterType = "ide";
    public const int Heads = 16, SectorsPerTrack = 63, MaxCylinders = 16383;

    public static long Cylinders(long capacitySectors) =>
        Math.Min(capacitySectors / (Heads * SectorsPerTrack), MaxCylinders);

    public static string Format(uint contentId, long capacitySectors, string extentFileName)
    {
        if (extentFileName.Length == 0 || extentFileName.IndexOfAny(new[] { '"', '\n', '\r', '/' }) >= 0)
            throw new ArgumentException($"'{extentFileName}' cannot name a .vmdk extent (empty, or holds '\"', '/' or a line break)");
        var text = new StringBuilder();
        text.Append("# Disk DescriptorFile\n");
        text.Append("version=1\n");
        text.Append("CID=").Append(contentId.ToString("x8", CultureInfo.InvariantCulture)).Append('\n');
        text.Append("parentCID=ffffffff\n");
        text.Append("createType=\"monolithicSparse\"\n\n");
        text.Append("# Extent description\n");
        text.Append(CultureInfo.InvariantCulture, $"RW {capacitySectors} SPARSE \"{extentFileName}\"\n\n");
        text.Append("# The Disk Data Base\n#DDB\n\n");
        text.Append("ddb.virtualHWVersion = \"4\"\n");
        text.Append(CultureInfo.InvariantCulture, $"ddb.geometry.cylinders = \"{Cylinders(capacitySectors)}\"\n");
        text.Append(CultureInfo.InvariantCulture, $"ddb.geometry.heads = \"{Heads}\"\n");
        text.Append(CultureInfo.InvariantCulture, $"ddb.geometry.sectors = \"{SectorsPerTrack}\"\n");
        text.Append("ddb.adapterType = \"").Append(AdapterType).Append("\"\n");
        return text.ToString();
    }
}
