using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Minix3.Cosmos.Images.Iso;

// An ISO 9660 image planned from a tree: every extent's place is fixed
// before a byte is written, so a caller can ask where a file lies (to patch
// a loader with it) and then write. Sectors, in order:
//   0-15   system area (zero, or the hybrid MBR in its first 512 bytes)
//   16     primary volume descriptor
//   17     El Torito boot record (only with a boot entry; the spec puts it at 17)
//   next   volume descriptor set terminator
//   next   path table L (little-endian), then path table M (big-endian)
//   next   El Torito boot catalog (only with a boot entry; one sector)
//   next   directories, in path table order (breadth first, sorted)
//   next   the ESP image (only with one)
//   next   files, directory by directory in that order and in record
//          order within one, each one contiguous extent starting on a sector
//   [hybrid: zero to a whole number of 1 MiB cylinders]
public sealed class IsoImage
{
    public const int SectorSize = 2048;
    public const uint PrimaryVolumeDescriptorLba = 16;

    internal readonly List<PlannedDirectory> Directories = new();
    internal readonly Dictionary<IsoDirectory, PlannedDirectory> DirectoryOf = new();
    internal readonly List<(IsoFile File, IsoExtent Extent)> Files = new();
    private readonly Dictionary<string, IsoExtent> extentOfPath = new(StringComparer.Ordinal);
    private readonly Dictionary<IsoFile, IsoExtent> extentOfFile = new();

    private IsoImage(IsoDirectory root, IsoOptions options)
    {
        Root = root;
        Options = options;
    }

    public IsoDirectory Root { get; }
    public IsoOptions Options { get; }
    public uint SectorCount { get; private set; }
    public long Length => (long)SectorCount * SectorSize;
    public uint TerminatorLba { get; private set; }
    public uint PathTableSize { get; private set; }
    public uint PathTableLLba { get; private set; }
    public uint PathTableMLba { get; private set; }
    public uint? BootCatalogLba { get; private set; }
    public IsoExtent? BiosBootFile { get; private set; }
    public ushort BiosLoadSectors { get; private set; }
    public IsoExtent? EfiImage { get; private set; }
    internal IsoFile? BiosBootFileEntry { get; private set; }

    // The root directory's extent (what the primary volume descriptor's
    // root record at byte 156 also says), where a loader starts its search.
    public IsoExtent RootDirectory => new(Directories[0].Lba, Directories[0].Size);

    // Where a file of the tree lies, by its real path ("/boot/kernel.elf").
    public IsoExtent Extent(string path)
    {
        string key = "/" + path.TrimStart('/');
        return extentOfPath.TryGetValue(key, out IsoExtent extent)
            ? extent
            : throw new IsoFormatException($"{key}: no such file in the ISO");
    }

    public IReadOnlyList<(string Path, IsoExtent Extent)> FileExtents() =>
        Files.Select(f => (f.File.Path, f.Extent)).ToList();

    public static IsoImage Plan(IsoDirectory root, IsoOptions options)
    {
        VolumeDescriptors.CheckVolumeId(options.VolumeId);
        DateTime time = options.Timestamp.Kind == DateTimeKind.Local ? options.Timestamp.ToUniversalTime() : options.Timestamp;
        if (time.Year < 1900 || time.Year > 2155)
            throw new IsoFormatException($"timestamp {time:u}: ISO 9660 records years 1900 to 2155");
        options = options with { Timestamp = time };
        var image = new IsoImage(root, options);
        image.Lay();
        return image;
    }

    public void Write(Stream output, ReadOnlySpan<byte> mbrCode = default) =>
        IsoWriter.Write(this, output, mbrCode);

    private void Lay()
    {
        bool booted = Options.BiosBootFile != null || Options.EfiImage != null;
        if (Options.BiosBootFile != null)
            BiosBootFileEntry = Root.FindFile(Options.BiosBootFile)
                ?? throw new IsoFormatException($"{Options.BiosBootFile}: the BIOS boot file is not in the ISO's tree");

        uint lba = PrimaryVolumeDescriptorLba + 1;
        if (booted)
            lba++;
        TerminatorLba = lba++;

        PlanDirectories();
        PathTableSize = (uint)Directories.Sum(d => PathTable.RecordLength(d));
        uint pathTableSectors = SectorsOf(PathTableSize);
        PathTableLLba = lba;
        PathTableMLba = lba + pathTableSectors;
        lba += 2 * pathTableSectors;
        if (booted)
            BootCatalogLba = lba++;

        foreach (PlannedDirectory directory in Directories)
        {
            directory.Lba = lba;
            lba += directory.Size / SectorSize;
        }
        if (Options.EfiImage != null)
        {
            if (Options.EfiImage.Length == 0)
                throw new IsoFormatException($"{Options.EfiImage.Path}: the ESP image is empty");
            EfiImage = new IsoExtent(lba, (uint)Options.EfiImage.Length);
            lba += EfiImage.Value.Sectors;
        }
        foreach (PlannedDirectory directory in Directories)
        {
            // In record order, so the bytes do not depend on the order the
            // tree was built in.
            foreach (IsoFile file in directory.Source.Files.OrderBy(f => f.Identifier, Comparer<string>.Create(IsoName.Compare)))
            {
                // An empty file takes no sector; LBA 0 is what it points at
                // (nothing is ever read from it).
                var extent = new IsoExtent(file.Length == 0 ? 0 : lba, (uint)file.Length);
                lba += extent.Sectors;
                Files.Add((file, extent));
                extentOfPath.Add(file.Path, extent);
                extentOfFile.Add(file, extent);
            }
        }
        if (BiosBootFileEntry != null)
            PlanBiosBoot();
        if (Options.Hybrid)
            lba = HybridMbr.PaddedSectors(lba);
        SectorCount = lba;
    }

    private void PlanBiosBoot()
    {
        IsoExtent boot = extentOfPath[BiosBootFileEntry!.Path];
        if (boot.Length == 0)
            throw new IsoFormatException($"{BiosBootFileEntry.Path}: the BIOS boot file is empty");
        if (Options.BootInfoTable && boot.Length < ElTorito.BootInfoTableEnd)
            throw new IsoFormatException($"{BiosBootFileEntry.Path}: a boot info table needs a boot file of at least {ElTorito.BootInfoTableEnd} bytes");
        int sectors = Options.BiosLoadSectors ?? (int)boot.Sectors512;
        if (sectors < 1 || sectors > ushort.MaxValue)
            throw new IsoFormatException($"{BiosBootFileEntry.Path}: El Torito loads 1 to {ushort.MaxValue} sectors of 512 bytes, not {sectors}");
        BiosBootFile = boot;
        BiosLoadSectors = (ushort)sectors;
    }

    // Breadth first with each directory's children sorted: exactly the path
    // table's order (ECMA-119 9.4: by level, then parent number, then
    // identifier), so a directory's number is its index + 1.
    private void PlanDirectories()
    {
        var root = new PlannedDirectory(Root, null, 1);
        Directories.Add(root);
        DirectoryOf.Add(Root, root);
        for (int i = 0; i < Directories.Count; i++)
        {
            PlannedDirectory parent = Directories[i];
            foreach (IsoDirectory child in parent.Source.Directories.OrderBy(d => d.Identifier, Comparer<string>.Create(IsoName.Compare)))
            {
                if (Directories.Count == ushort.MaxValue)
                    throw new IsoFormatException($"{child.Path}: more directories than a path table numbers ({ushort.MaxValue})");
                var planned = new PlannedDirectory(child, parent, Directories.Count + 1);
                Directories.Add(planned);
                DirectoryOf.Add(child, planned);
            }
        }
        foreach (PlannedDirectory directory in Directories)
            directory.Size = DirectoryExtent.Size(DirectoryExtent.Records(this, directory));
    }

    // Before the files are placed (while directories are sized) every
    // extent reads as zero: a record's length does not depend on it.
    internal IsoExtent ExtentOf(IsoFile file) => extentOfFile.GetValueOrDefault(file);

    internal static uint SectorsOf(uint bytes) => (uint)((bytes + (long)SectorSize - 1) / SectorSize);
}

// A directory's place: its number in the path table, its parent's, and its
// extent (a whole number of sectors).
internal sealed class PlannedDirectory(IsoDirectory source, PlannedDirectory? parent, int number)
{
    public IsoDirectory Source { get; } = source;
    public PlannedDirectory Parent { get; } = parent ?? null!;
    public bool IsRoot => Number == 1;
    public int Number { get; } = number;
    public uint Lba { get; set; }
    public uint Size { get; set; }
    public uint Links => 2 + (uint)Source.Directories.Count;
    public PlannedDirectory ParentOrSelf => IsRoot ? this : Parent;
}
