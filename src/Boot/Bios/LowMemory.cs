namespace Minix3.Cosmos.Boot.Bios;

/// <summary>
/// Where the loader keeps things in the first 640 KiB while it runs (real mode: segment 0 for
/// code, variables and the structures handed to the kernel; whole 64 KiB segments for buffers).
/// What the kernel is given (the Multiboot info, memory map, module array, module strings,
/// command line) lies below 0x7c00; the kernel keeps exactly those bytes (the parser records
/// them as loader data) and may reuse everything else, stage 2 included.
/// </summary>
internal static class LowMemory
{
    public const uint Variables = 0x0500;          // see Var
    public const uint DiskAddressPacket = 0x0600;  // int 13h AH=42h packet
    public const uint DriveParameters = 0x0620;    // int 13h AH=48h result
    public const uint NameBuffer = 0x0700;         // a directory entry's name, NUL-terminated (<= 512 bytes)
    public const uint FatCache = 0x0A00;           // one FAT sector
    public const uint Info = 0x1000;               // Multiboot info (116 bytes)
    public const uint MemoryMap = 0x1080;          // Multiboot memory map, 24 bytes an entry
    public const int MemoryMapMaxEntries = 128;
    public const uint Modules = 0x2000;            // Multiboot module array, 16 bytes an entry
    public const int MaxModules = 256;             // the kernel keeps as many (BootInfo.MaxModules)
    public const uint ModuleStrings = 0x3000;      // "/boot/<file> <name>" per module
    public const uint ModuleStringsEnd = 0x5000;
    public const uint CommandLine = 0x5000;
    public const int CommandLineMax = 4095;
    public const uint StackTop = 0x7C00;
    public const uint BootSector = 0x7C00;
    public const uint Stage2 = 0x8000;             // stage 2's load address
    public const int Stage2Max = 0x7000;           // it must end below 0xf000
    public const uint ModuleList = 0x10000;        // /boot/modules.txt
    public const int ModuleListMax = 0xFFF0;
    public const uint Directory = 0x20000;         // the directory being searched
    public const int DirectoryMax = 0xF000;
    public const uint Bounce = 0x30000;            // disk reads land here, then go up by a copy
    public const uint KernelHeader = 0x40000;      // the kernel file's first 8 KiB
    public const int KernelHeaderSearch = 8192;    // Multiboot 1: the header is in the first 8 KiB
}

/// <summary>Stage 2's variables (absolute addresses in segment 0, shared by its 16- and 32-bit code).</summary>
internal static class Var
{
    public const uint Drive = 0x500;             // byte: BIOS drive number
    public const uint FromCd = 0x501;            // byte: 1 when El Torito started us
    public const uint IsoShift = 0x502;          // byte: log2(2048 / device sector size)
    public const uint FileSystem = 0x503;        // byte: 1 ISO 9660, 2 FAT32
    public const uint LfnValid = 0x504;          // byte: a VFAT long name is gathered
    public const uint LfnSum = 0x505;            // byte: its 8.3 checksum
    public const uint FileLocation = 0x508;      // ISO extent LBA or FAT first cluster of the file found
    public const uint FileSize = 0x50C;          // its size (FAT directories: 0xffffffff)
    public const uint DirectorySize = 0x510;     // bytes in the directory buffer
    public const uint FatStart = 0x514;          // LBA of the first FAT
    public const uint DataStart = 0x518;         // LBA of cluster 2
    public const uint SectorsPerCluster = 0x51C;
    public const uint ClusterBytes = 0x520;
    public const uint FatCached = 0x524;         // LBA of the FAT sector in FatCache
    public const uint Destination = 0x528;       // read_file's state
    public const uint Remaining = 0x52C;
    public const uint Current = 0x530;
    public const uint Total = 0x534;
    public const uint Chunk = 0x538;
    public const uint KernelLoad = 0x53C;        // the Multiboot header's address fields
    public const uint KernelLoadEnd = 0x540;
    public const uint KernelBssEnd = 0x544;
    public const uint KernelEntry = 0x548;
    public const uint KernelOffset = 0x54C;      // file offset of load_addr
    public const uint KernelFileSize = 0x550;
    public const uint KernelLocation = 0x554;
    public const uint NextFree = 0x558;          // where the next module goes
    public const uint ModuleCount = 0x55C;       // word
    public const uint Index = 0x55E;             // word
    public const uint AvailableEnd = 0x560;      // end of the RAM that starts at or below 1 MiB
    public const uint NeedEnd = 0x564;           // end of the kernel and every module
    public const uint HasCommandLine = 0x568;    // byte
    public const uint ReadLba = 0x56C;
    public const uint MemoryMapLength = 0x570;
    public const uint MemLower = 0x574;
    public const uint Status = 0x578;            // byte: the last int 13h status
    public const uint HeaderBytes = 0x57C;
    public const uint RunStart = 0x580;          // a run of consecutive clusters read at once
    public const uint RunLast = 0x584;
    public const uint RunCount = 0x588;
}
