using Minix3.Cosmos.Boot.Uefi.Efi;
using Minix3.Cosmos.Runtime;

namespace Minix3.Cosmos.Boot.Uefi
{
    // The corelib's start-up, as the kernel does it: a heap, then the static
    // bases of the compiled module. ilc's COFF object puts the pointer to its
    // ReadyToRun header in `.modules$I`, which lld-link makes the section
    // `.modules` of this image; the loaded image's own section table finds it
    // (there is no linker script here to bracket it with symbols).
    internal static unsafe class RuntimeStartup
    {
        private const nuint HeapPages = 256;   // 1 MiB: strings and small lists only

        internal static void Initialize(BootServices* boot, byte* imageBase)
        {
            ulong heap;
            if (Status.IsError(boot->AllocatePages(AllocateType.AnyPages, MemoryType.LoaderData, HeapPages, &heap)))
                Console.Fatal("no memory for the loader's heap");
            RuntimeEnvironment.Initialize((byte*)heap, HeapPages * 4096, &Console.Line, &Console.Fatal);
            if (!FindSection(imageBase, ".modules", out byte* start, out uint size))
                Console.Fatal("the loader image has no .modules section (a build defect)");
            RuntimeEnvironment.InitializeModules((nint*)start, (nint*)(start + size));
        }

        // PE32+: e_lfanew at 0x3C; the COFF header after "PE\0\0" gives the section
        // count (+6) and the optional header's size (+20); 40-byte section headers
        // follow it: name (8 bytes), VirtualSize (+8), VirtualAddress (+12).
        private static bool FindSection(byte* image, string name, out byte* start, out uint size)
        {
            byte* pe = image + *(uint*)(image + 0x3C);
            ushort sections = *(ushort*)(pe + 6);
            byte* header = pe + 24 + *(ushort*)(pe + 20);
            for (int i = 0; i < sections; i++, header += 40)
            {
                if (NameIs(header, name))
                {
                    start = image + *(uint*)(header + 12);
                    size = *(uint*)(header + 8);
                    return true;
                }
            }
            start = null;
            size = 0;
            return false;
        }

        private static bool NameIs(byte* field, string name)
        {
            for (int i = 0; i < 8; i++)
            {
                byte expected = i < name.Length ? (byte)name[i] : (byte)0;
                if (field[i] != expected)
                    return false;
            }
            return true;
        }
    }
}
