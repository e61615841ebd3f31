// An independent reader of x86-64 page tables for the tests: it decodes raw
// entries in fake RAM with its own constants, the way the MMU would, so the
// page-table builder is checked against the hardware format rather than against
// itself.
using System.Collections.Generic;

namespace Minix3.Cosmos.Unit.Kernel.Memory;

internal sealed class PageTableWalker
{
    public const ulong P = 1, RW = 2, US = 4, PWT = 8, PCD = 16, PS = 0x80, G = 0x100, NX = 1UL << 63;
    private const ulong Address = 0x000F_FFFF_FFFF_F000;

    private readonly FakeRam ram;
    private readonly ulong root;

    public PageTableWalker(FakeRam ram, ulong root)
    {
        this.ram = ram;
        this.root = root;
    }

    /// <summary>What the MMU would do with one virtual address.</summary>
    public sealed class Walk
    {
        public bool Mapped;
        public ulong Physical;
        public ulong PageSize;
        public ulong Leaf;

        /// <summary>Raw entries met, PML4 first.</summary>
        public List<ulong> Entries = new List<ulong>();

        /// <summary>Effective rights: AND of R/W and U/S over the walk, OR of NX.</summary>
        public bool Writable, User, Executable;
    }

    public Walk Resolve(ulong virtualAddress)
    {
        var walk = new Walk { Writable = true, User = true, Executable = true };
        ulong table = root;
        for (int shift = 39; shift >= 12; shift -= 9)
        {
            ulong entry = ram.Read64(table + ((virtualAddress >> shift) & 511) * 8);
            walk.Entries.Add(entry);
            if ((entry & P) == 0)
                return walk;
            walk.Writable &= (entry & RW) != 0;
            walk.User &= (entry & US) != 0;
            walk.Executable &= (entry & NX) == 0;
            bool leaf = shift == 12 || ((shift == 21 || shift == 30) && (entry & PS) != 0);
            if (leaf)
            {
                ulong size = 1UL << shift;
                walk.Mapped = true;
                walk.PageSize = size;
                walk.Leaf = entry;
                walk.Physical = (entry & Address & ~(size - 1)) + (virtualAddress & (size - 1));
                return walk;
            }
            table = entry & Address;
        }
        return walk;
    }

    /// <summary>Every present leaf as (virtual address, page size), in address order.</summary>
    public List<(ulong Virtual, ulong Size)> Leaves()
    {
        var leaves = new List<(ulong, ulong)>();
        Collect(root, 39, 0, leaves);
        return leaves;
    }

    /// <summary>Number of tables in the tree, the root included.</summary>
    public int TableCount() => CountTables(root, 39);

    /// <summary>Physical addresses of every table, the root included.</summary>
    public List<ulong> Tables()
    {
        var tables = new List<ulong>();
        GatherTables(root, 39, tables);
        return tables;
    }

    private void Collect(ulong table, int shift, ulong baseAddress, List<(ulong, ulong)> leaves)
    {
        for (ulong i = 0; i < 512; i++)
        {
            ulong entry = ram.Read64(table + i * 8);
            if ((entry & P) == 0)
                continue;
            ulong va = baseAddress + (i << shift);
            if (shift == 39 && i >= 256)
                va |= 0xFFFF_0000_0000_0000; // sign extension of the upper half
            if (shift == 12 || (shift < 39 && (entry & PS) != 0))
                leaves.Add((va, 1UL << shift));
            else
                Collect(entry & Address, shift - 9, va, leaves);
        }
    }

    private int CountTables(ulong table, int shift)
    {
        int count = 1;
        if (shift == 12)
            return count;
        for (ulong i = 0; i < 512; i++)
        {
            ulong entry = ram.Read64(table + i * 8);
            if ((entry & P) != 0 && (entry & PS) == 0)
                count += CountTables(entry & Address, shift - 9);
        }
        return count;
    }

    private void GatherTables(ulong table, int shift, List<ulong> tables)
    {
        tables.Add(table);
        if (shift == 12)
            return;
        for (ulong i = 0; i < 512; i++)
        {
            ulong entry = ram.Read64(table + i * 8);
            if ((entry & P) != 0 && (entry & PS) == 0)
                GatherTables(entry & Address, shift - 9, tables);
        }
    }
}
