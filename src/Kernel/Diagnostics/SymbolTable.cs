
namespace Minix3.Cosmos.Kernel.Diagnostics
{
    // The kernel's own symbols, for naming addresses in backtraces. The build
    // writes them (src/Build/Tool/SymbolTable.cs, format documented there)
    // and packs them as the boot module "kernel.sym". A missing or malformed
    // table is reported once and backtraces show bare addresses.
    internal static unsafe class SymbolTable
    {
        private const int HeaderSize = 16;
        private const int EntrySize = 16;

        private static byte* s_entries;
        private static byte* s_strings;
        private static uint s_count;
        private static uint s_stringBytes;

        internal static bool IsLoaded => s_entries != null;
        internal static uint Count => s_count;

        // `table` points at the module's bytes (identity mapped), `length` its size.
        internal static bool Load(byte* table, ulong length)
        {
            if (length < HeaderSize || !HasMagic(table))
                return false;
            uint count = *(uint*)(table + 8);
            uint stringBytes = *(uint*)(table + 12);
            ulong needed = HeaderSize + (ulong)count * EntrySize + stringBytes;
            if (needed > length || stringBytes == 0 || table[needed - 1] != 0)
                return false;
            s_entries = table + HeaderSize;
            s_strings = s_entries + (ulong)count * EntrySize;
            s_count = count;
            s_stringBytes = stringBytes;
            return true;
        }

        private static bool HasMagic(byte* p) =>
            p[0] == 'M' && p[1] == '3' && p[2] == 'S' && p[3] == 'Y' && p[4] == 'M' && p[5] == 'T' && p[6] == 'B' && p[7] == '1';

        // Prints "name+0xoffset", or "?" when no symbol covers the address.
        internal static void Describe(ulong address)
        {
            int index = Find(address);
            if (index < 0)
            {
                Log.Write("?");
                return;
            }
            byte* entry = s_entries + (ulong)index * EntrySize;
            uint nameOffset = *(uint*)(entry + 12);
            byte* name = s_strings + nameOffset;
            int length = 0;
            while (nameOffset + length < s_stringBytes && name[length] != 0)
                length++;
            Log.Ascii(name, length);
            Log.Write("+");
            Log.Hex(address - *(ulong*)entry, 4);
        }

        // The last symbol starting at or below the address, if the address
        // lies inside it (or the symbol has no recorded size).
        private static int Find(ulong address)
        {
            if (s_entries == null || s_count == 0)
                return -1;
            int low = 0;
            int high = (int)s_count - 1;
            int found = -1;
            while (low <= high)
            {
                int middle = low + (high - low) / 2;
                if (*(ulong*)(s_entries + (ulong)middle * EntrySize) <= address)
                {
                    found = middle;
                    low = middle + 1;
                }
                else
                {
                    high = middle - 1;
                }
            }
            if (found < 0)
                return -1;
            byte* entry = s_entries + (ulong)found * EntrySize;
            uint size = *(uint*)(entry + 8);
            if (size != 0 && address >= *(ulong*)entry + size)
                return -1;
            return found;
        }
    }
}
