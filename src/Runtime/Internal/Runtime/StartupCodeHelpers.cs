using System;
using System.Runtime.CompilerServices;
using Minix3.Cosmos.Runtime;

namespace Internal.Runtime.CompilerHelpers
{
    // Module start-up. ilc emits one ReadyToRun header per compiled module and
    // a pointer to it in the `__modules` section; the linker script brackets
    // that section so the host can hand us the list. For each module we set
    // the type-manager slot, allocate GC static bases, and run the eager class
    // constructors and module initializers.
    //
    // ReadyToRun header (16 bytes): uint Signature 'RTR\0'; ushort Major,
    // Minor; uint Flags; ushort NumberOfSections; byte EntrySize; byte
    // EntryType; then NumberOfSections rows of { int SectionId; int Flags;
    // void* Start; void* End }.
    internal static unsafe class StartupCodeHelpers
    {
        private const uint ReadyToRunSignature = 0x00525452;

        private const int GCStaticRegion = 201;
        private const int TypeManagerIndirection = 204;
        private const int EagerCctor = 205;
        private const int ModuleInitializerList = 213;

        // Flags in the low bits of a GC static block before initialization.
        private const nint StaticUninitialized = 1;
        private const nint StaticHasPreInitializedData = 2;
        private const nint StaticFlagMask = 3;

        private struct Header
        {
            internal uint Signature;
            internal ushort MajorVersion;
            internal ushort MinorVersion;
            internal uint Flags;
            internal ushort NumberOfSections;
            internal byte EntrySize;
            internal byte EntryType;
        }

        private struct SectionRow
        {
            internal int SectionId;
            internal int Flags;
            internal byte* Start;
            internal byte* End;
        }

        internal static void InitializeModules(nint* modulesStart, nint* modulesEnd)
        {
            for (nint* module = modulesStart; module < modulesEnd; module++)
            {
                Header* header = (Header*)*module;
                if (header == null)
                    continue;
                if (header->Signature != ReadyToRunSignature || header->EntrySize != sizeof(SectionRow))
                    RuntimeEnvironment.Fail("module start-up: bad ReadyToRun header (compiler/runtime version mismatch?)");
                InitializeModule(header);
            }
        }

        private static void InitializeModule(Header* header)
        {
            byte* start;
            int length;
            if (FindSection(header, TypeManagerIndirection, out start, out length))
            {
                // { TypeManager handle, module index }: generated code only
                // compares these, so the header address identifies the module.
                *(nint*)start = (nint)header;
            }
            if (FindSection(header, GCStaticRegion, out start, out length))
            {
                InitializeGcStatics(start, length);
                if (Allocator.IsCollected)
                    Gc.GcCollector.AddStaticRegion(start, length);
            }
            if (FindSection(header, EagerCctor, out start, out length))
                RunRelativeFunctionList(start, length);
            if (FindSection(header, ModuleInitializerList, out start, out length))
                RunRelativeFunctionList(start, length);
        }

        private static bool FindSection(Header* header, int id, out byte* start, out int length)
        {
            SectionRow* rows = (SectionRow*)(header + 1);
            for (int i = 0; i < header->NumberOfSections; i++)
            {
                if (rows[i].SectionId == id)
                {
                    start = rows[i].Start;
                    length = (int)(rows[i].End - rows[i].Start);
                    return true;
                }
            }
            start = null;
            length = 0;
            return false;
        }

        // The region is a list of 4-byte relative pointers to static-base
        // blocks. A block initially holds a relative pointer to the MethodTable
        // of the statics' holder object, tagged with the flags above, followed
        // (if HasPreInitializedData) by a relative pointer to the initial
        // contents ilc computed at compile time. We allocate the holder, copy
        // the data in, and overwrite the block with the object reference, which
        // is what generated code loads from then on.
        private static void InitializeGcStatics(byte* region, int length)
        {
            for (byte* entry = region; entry < region + length; entry += sizeof(int))
            {
                nint* block = (nint*)MethodTable.FollowRelative((int*)entry);
                nint tagged = (nint)MethodTable.FollowRelative((int*)block);
                if ((tagged & StaticUninitialized) == 0)
                    continue;
                MethodTable* holderType = (MethodTable*)(tagged & ~StaticFlagMask);
                object holder = Allocator.NewObject(holderType);
                if ((tagged & StaticHasPreInitializedData) != 0)
                {
                    byte* data = MethodTable.FollowRelative((int*)block + 1);
                    byte* fields = (byte*)*(nint*)Unsafe.AsPointer(ref holder) + sizeof(nint);
                    Buffer.Memmove(fields, data, holderType->BaseSize - (uint)(2 * sizeof(nint)));
                }
                *block = *(nint*)Unsafe.AsPointer(ref holder);
            }
        }

        private static void RunRelativeFunctionList(byte* start, int length)
        {
            for (byte* entry = start; entry < start + length; entry += sizeof(int))
                ((delegate*<void>)MethodTable.FollowRelative((int*)entry))();
        }
    }
}
