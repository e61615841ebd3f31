namespace Minix3.Cosmos.Boot.Uefi
{
    // The Multiboot 1 information structure (Multiboot 0.6.96 section 3.3) and
    // everything it points to, in one region below 4 GiB allocated before the
    // final memory map is taken (nothing may be allocated between that map and
    // ExitBootServices). The kernel's reader is
    // src/Kernel/Boot/Multiboot/MultibootParser.cs.
    //   info +0 flags, +4 mem_lower, +8 mem_upper (KiB), +16 cmdline, +20 mods_count,
    //   +24 mods_addr, +44 mmap_length, +48 mmap_addr, +64 boot_loader_name
    //   module entry (16 bytes): mod_start, mod_end (exclusive), string, reserved
    //   map entry (24 bytes): size = 20 (not counting itself), base u64, length u64, type u32
    internal sealed unsafe class MultibootInfo
    {
        internal const string LoaderName = "Minix3.Cosmos loader (UEFI)";
        internal const int MaxModules = 256;       // the kernel keeps at most this many (BootInfo.MaxModules)
        internal const int MaxMapEntries = 256;
        private const uint InfoBytes = 128;
        private const uint ModuleEntryBytes = 16;
        internal const uint MapEntryBytes = 24;
        private const uint StringBytes = 16 * 1024;
        private const uint FlagMemory = 1u << 0, FlagCommandLine = 1u << 2, FlagModules = 1u << 3;
        private const uint FlagMemoryMap = 1u << 6, FlagLoaderName = 1u << 9;

        private readonly byte* _region;
        private readonly uint* _info;
        private readonly uint* _modules;
        private readonly byte* _map;
        private byte* _strings;
        private readonly byte* _stringsEnd;
        private int _moduleCount;

        internal MultibootInfo()
        {
            ulong bytes = InfoBytes + MaxModules * ModuleEntryBytes + MaxMapEntries * MapEntryBytes + StringBytes;
            _region = PhysicalPages.Allocate(bytes, "the Multiboot information");
            PhysicalPages.Zero(_region, bytes);
            _info = (uint*)_region;
            _modules = (uint*)(_region + InfoBytes);
            _map = _region + InfoBytes + MaxModules * ModuleEntryBytes;
            _strings = _map + MaxMapEntries * MapEntryBytes;
            _stringsEnd = _strings + StringBytes;
            _info[16] = String(LoaderName);
            _info[0] = FlagLoaderName | FlagModules;
            _info[6] = (uint)(ulong)_modules;
        }

        internal uint Address => (uint)(ulong)_info;

        internal int ModuleCount => _moduleCount;

        internal byte* MapEntries => _map;

        internal void SetCommandLine(string line)
        {
            _info[4] = String(line);
            _info[0] |= FlagCommandLine;
        }

        internal void AddModule(ulong start, ulong length, string name)
        {
            if (_moduleCount == MaxModules)
                Console.Fatal("more than " + Number.Decimal(MaxModules) + " boot modules (the kernel keeps at most that many)");
            uint* entry = _modules + _moduleCount * 4;
            entry[0] = (uint)start;
            entry[1] = (uint)(start + length);
            entry[2] = String(name);
            _moduleCount++;
            _info[5] = (uint)_moduleCount;
        }

        // The map entries are already written at MapEntries; lower/upper memory
        // come from the same map (RAM at 0 and RAM from 1 MiB on).
        internal void SetMemoryMap(int entries, uint lowerKiB, uint upperKiB)
        {
            _info[1] = lowerKiB;
            _info[2] = upperKiB;
            _info[11] = (uint)entries * MapEntryBytes;
            _info[12] = (uint)(ulong)_map;
            _info[0] |= FlagMemoryMap | FlagMemory;
        }

        // An ASCII C string in the region; characters past 0x7F become '?'.
        private uint String(string text)
        {
            if (_strings + text.Length + 1 > _stringsEnd)
                Console.Fatal("the boot modules' names and the command line need more than " + Number.Decimal(StringBytes) + " bytes");
            byte* start = _strings;
            foreach (char c in text)
                *_strings++ = c < 128 ? (byte)c : (byte)'?';
            *_strings++ = 0;
            return (uint)(ulong)start;
        }
    }
}
