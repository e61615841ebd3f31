using System.Runtime;

namespace Internal.Runtime
{
    // Interface calls. ilc emits, per call site, a cell { stub, cache }:
    // generated code loads the cell's address into r11 and calls its stub.
    // Every stub starts as RhpInitialDynamicInterfaceDispatch (assembly, in
    // src/Asm), which saves the argument registers and asks ResolveDispatch
    // below for the target, then tail-jumps to it. The first resolution
    // turns the cell into a cached one: its cache then points at a
    // CacheEntry (object type -> target, plus what the cell encoded) and its
    // stub becomes RhpInterfaceDispatchCached, which jumps straight to the
    // target when the object's type matches and falls back here otherwise
    // (the entry then remembers the newer type). One entry per call site,
    // allocated once: calls through interfaces cost a compare and a jump.
    //
    // Cell encoding in ilc 10: cells for one call site's slot are grouped; the
    // group ends with a cell whose stub is 0 and whose cache holds the slot
    // number in its low 16 bits (cell type in bits 16..31). A live cell's cache
    // holds a relative pointer (from the cache field) to the interface's
    // MethodTable, with the low two bits set to 3 (or 2: indirected, pointing
    // at a cell that holds the MethodTable pointer).
    internal static unsafe class InterfaceDispatch
    {
        internal struct Cell
        {
            internal nint Stub;
            internal nint Cache;
        }

        private const nint CacheKindMask = 3;
        private const nint KindIndirectedRelative = 2;
        private const nint KindRelative = 3;
        private const nint KindAbsolute = 1;

        // Layout contract with RhpInterfaceDispatchCached (src/Asm): Type at
        // offset 0, Target at 8.
        internal struct CacheEntry
        {
            internal MethodTable* Type;
            internal nint Target;
            internal MethodTable* Interface;
            internal nint Slot;
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.InternalCall)]
        [RuntimeImport("*", "RhpInterfaceDispatchCachedAddress")]
        private static extern nint CachedStub();

        [RuntimeExport("RhpResolveInterfaceDispatch")]
        private static nint ResolveDispatch(object target, Cell* cell)
        {
            CacheEntry* entry = IsCached(cell) ? (CacheEntry*)cell->Cache : null;
            MethodTable* interfaceType = entry != null ? entry->Interface : InterfaceOf(cell);
            ushort slot = entry != null ? (ushort)entry->Slot : SlotOf(cell);
            nint code = FindImplementation(target.m_pEEType, interfaceType, slot);
            if (code == 0)
                Minix3.Cosmos.Runtime.RuntimeEnvironment.Fail("interface dispatch: no implementation for an interface method");
            if (entry == null)
            {
                entry = (CacheEntry*)Allocator.AllocateRaw((nuint)sizeof(CacheEntry));
                entry->Interface = interfaceType;
                entry->Slot = slot;
                entry->Type = target.m_pEEType;
                entry->Target = code;
                cell->Cache = (nint)entry;
                cell->Stub = CachedStub();
            }
            else
            {
                entry->Type = target.m_pEEType;
                entry->Target = code;
            }
            return code;
        }

        // A cached cell's cache is an entry pointer: aligned, above the small
        // values the other encodings use.
        private static bool IsCached(Cell* cell) => (cell->Cache & CacheKindMask) == 0 && cell->Cache >= 0x1000;

        private static MethodTable* InterfaceOf(Cell* cell)
        {
            nint cache = cell->Cache;
            nint kind = cache & CacheKindMask;
            if (kind == KindAbsolute)
                return (MethodTable*)(cache & ~CacheKindMask);
            byte* target = (byte*)&cell->Cache + (int)cache;
            target = (byte*)((nint)target & ~CacheKindMask);
            if (kind == KindIndirectedRelative)
                return *(MethodTable**)target;
            if (kind == KindRelative)
                return (MethodTable*)target;
            Minix3.Cosmos.Runtime.RuntimeEnvironment.Fail("interface dispatch: unexpected cell encoding");
            return null;
        }

        private static ushort SlotOf(Cell* cell)
        {
            while (cell->Stub != 0)
                cell++;
            return (ushort)cell->Cache;
        }

        // Walks from the object's type up its base types: a type's dispatch map
        // only lists the interface methods that type itself implements.
        internal static nint FindImplementation(MethodTable* type, MethodTable* interfaceType, ushort slot)
        {
            for (MethodTable* t = type; t != null; t = t->BaseType)
            {
                int interfaceIndex = IndexInInterfaceMap(t, interfaceType);
                if (interfaceIndex < 0)
                    continue;
                DispatchMap* map = t->DispatchMapPointer;
                if (map == null)
                    continue;
                DispatchMapEntry* entries = map->Entries;
                for (int i = 0; i < map->StandardEntryCount; i++)
                {
                    if (entries[i].InterfaceIndex != interfaceIndex || entries[i].InterfaceMethodSlot != slot)
                        continue;
                    ushort implementation = entries[i].ImplementationSlot;
                    if (implementation < t->NumVtableSlots)
                        return t->Vtable[implementation];
                    // Slots past the vtable live in the sealed-virtuals table.
                    return t->SealedVirtualSlot(implementation - t->NumVtableSlots);
                }
            }
            return 0;
        }

        private static int IndexInInterfaceMap(MethodTable* type, MethodTable* interfaceType)
        {
            MethodTable** map = type->InterfaceMap;
            for (int i = 0; i < type->NumInterfaces; i++)
            {
                if (map[i] == interfaceType)
                    return i;
            }
            return -1;
        }
    }
}
