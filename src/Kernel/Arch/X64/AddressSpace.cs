using Minix3.Cosmos.Kernel.Memory;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.Arch.X64
{
    // One x86-64 4-level page-table tree (entry format: PageTableEntry) and
    // the kernel's access to it. A component's space has its own PML4 whose
    // slot 0 is the kernel's (the identity map of physical memory,
    // supervisor-only, shared by reference), with the component's image
    // mapped user-accessible in slots 1..255 (UserSpace.Base and up). The
    // kernel reaches component memory only through CopyIn/CopyOut, which
    // check that every page is mapped, user-accessible and (for writes)
    // writable. Tables are frames from the FrameAllocator reached through
    // the direct map, so host tests run the same code over fake RAM.
    // Intermediate entries are Present, Writable and User, never NoExecute:
    // the leaf alone decides the access a page gets. The kernel's own tree
    // (KernelPaging) is built with MapIdentity.
    internal sealed unsafe class AddressSpace
    {
        private const ulong PageSize = 4096;
        private const ulong PageMask = PageSize - 1;
        private const ulong TableEntry = PageTableEntry.Present | PageTableEntry.Writable | PageTableEntry.User;
        // Flags Translate reports (Accessed/Dirty are the CPU's business).
        private const ulong ReportedMask = TableEntry | PageTableEntry.WriteThrough | PageTableEntry.CacheDisable
            | PageTableEntry.Global | PageTableEntry.NoExecute;
        // MapPages' physical address for fresh frames the space owns, one
        // by one or as one physical run.
        private const ulong Fresh = ulong.MaxValue, Contiguous = ulong.MaxValue - 1;

        private readonly FrameAllocator _frames;
        private readonly DirectMap _memory;
        private ulong _root;

        // The last page translated, as the kernel's pointer to its frame.
        // Components pass the same message buffer trap after trap, so this
        // saves the table walk on the IPC path; every change to the tables
        // here (MapPages, Release, Destroy) forgets it.
        private ulong _cachedPage = ulong.MaxValue;
        private ulong _cachedFrame;
        private PageFlags _cachedFlags;

        public ulong Root => _root;
        public ulong PagesOwned { get; private set; }

        private AddressSpace(FrameAllocator frames, DirectMap memory)
        {
            _frames = frames;
            _memory = memory;
        }

        // Destroyed spaces, kept for reuse: the kernel heap is never
        // collected, so a new object (and its arrays) per fork and exec
        // would leak with every command a shell runs. At most one per
        // process slot ever exists beyond the live ones.
        private static AddressSpace? s_released;
        private AddressSpace? _nextReleased;
        private bool _released;

        // A new space with an empty (zeroed) PML4 sharing the kernel's first
        // entry, everything below 512 GiB; kernelRoot 0 (KernelPaging's own
        // tree) shares nothing.
        public static AddressSpace? Create(FrameAllocator frames, ulong kernelRoot, DirectMap memory)
        {
            if (!frames.TryAllocate(true, out ulong root))
                return null;
            if (kernelRoot != 0)
                ((ulong*)memory.Pointer(root))[0] = ((ulong*)memory.Pointer(kernelRoot & ~PageMask))[0];
            AddressSpace? space = s_released;
            if (space == null || space._frames != frames)
                space = new AddressSpace(frames, memory);
            else
            {
                s_released = space._nextReleased;
                space._nextReleased = null;
                space._released = false;
            }
            space._root = root;
            return space;
        }

        // Fresh zeroed frames at [start, start + length), owned by this
        // space (their entries carry PageTableEntry.Owned), with `flags`
        // (User is added). The range must be page aligned, in the user half
        // and unmapped. All or nothing: on failure whatever was mapped is
        // taken back.
        public MapResult MapFresh(ulong start, ulong length, PageFlags flags) => MapPages(start, length, Fresh, flags | PageFlags.User);

        // As MapFresh, but the frames are one physical run (DMA memory,
        // VmRights.Contiguous; Translate says where): owned and freed like
        // any other, page by page.
        public MapResult MapContiguous(ulong start, ulong length, PageFlags flags) => MapPages(start, length, Contiguous, flags | PageFlags.User);

        // Device memory (VmCtl MapDevice): mapped, not owned; uncached; in
        // the user half only (the kernel's half is the kernel's).
        public MapResult MapDevice(ulong virtualAddress, ulong physical, ulong length)
        {
            if (physical >= PageTableEntry.PhysicalLimit || length > PageTableEntry.PhysicalLimit - physical)
                return MapResult.InvalidArgument;
            return MapPages(virtualAddress, length, physical, PageFlags.User | PageFlags.Writable | PageFlags.NoExecute | PageFlags.CacheDisable);
        }

        // Maps the pages of [start, start + length) in the user half, to
        // [physical, +length) or to fresh frames the space owns (Fresh;
        // Contiguous: one physical run). Refuses, changing nothing, when a
        // page is mapped already; out of frames, takes back what it mapped
        // (tables it made stay until Destroy).
        private MapResult MapPages(ulong start, ulong length, ulong physical, PageFlags flags)
        {
            bool owned = physical >= Contiguous;
            if (((start | length | (owned ? 0 : physical)) & PageMask) != 0)
                return MapResult.Misaligned;
            if (length == 0 || start < UserSpace.Base || start > UserSpace.Limit || length > UserSpace.Limit - start)
                return MapResult.InvalidArgument;
            // Bounds the walk below: a range larger than free memory cannot be had.
            if (owned && length / PageSize > _frames.FreeFrames)
                return MapResult.OutOfMemory;
            for (ulong page = start; page < start + length; page += PageSize)
            {
                if (Translate(page, out _, out _))
                    return MapResult.AlreadyMapped;
            }
            if (physical == Contiguous && !_frames.TryAllocateContiguous(length / PageSize, PageSize, true, out physical))
                return MapResult.OutOfMemory;
            _cachedPage = ulong.MaxValue;
            for (ulong done = 0; done < length; done += PageSize)
            {
                ulong* entry = Entry(start + done, 1, true);
                ulong frame = physical + done;
                if (entry == null || physical == Fresh && !_frames.TryAllocate(true, out frame))
                {
                    Release(start, done);
                    if (owned && physical != Fresh)   // the run's frames not mapped yet
                        _frames.FreeContiguous(frame, (length - done) / PageSize);
                    return MapResult.OutOfMemory;
                }
                *entry = frame | (ulong)flags | PageTableEntry.Present | (owned ? PageTableEntry.Owned : 0);
                if (owned)
                    PagesOwned++;
            }
            return MapResult.Success;
        }

        // Unmaps [start, start + length), freeing the frames it owns.
        private void Release(ulong start, ulong length)
        {
            _cachedPage = ulong.MaxValue;
            for (ulong page = start; page < start + length; page += PageSize)
            {
                ulong* entry = Entry(page, 1, false);
                if (entry == null || (*entry & PageTableEntry.Present) == 0)
                    continue;
                if ((*entry & PageTableEntry.Owned) != 0)
                {
                    _frames.Free(*entry & PageTableEntry.AddressMask);
                    PagesOwned--;
                }
                *entry = 0;
            }
        }

        // The kernel's own tree (KernelPaging): identity maps [start, end)
        // with `flags`, in 2 MiB pages wherever `large` and the address and
        // what is left allow. False when out of frames for the tables.
        public bool MapIdentity(ulong start, ulong end, PageFlags flags, bool large)
        {
            for (ulong at = start; at < end;)
            {
                bool big = large && (at & (PageTableEntry.LargePageSize - 1)) == 0 && end - at >= PageTableEntry.LargePageSize;
                ulong* entry = Entry(at, big ? 2 : 1, true);
                if (entry == null)
                    return false;
                *entry = at | (ulong)flags | PageTableEntry.Present | (big ? PageTableEntry.LargePage : 0);
                at += big ? PageTableEntry.LargePageSize : PageSize;
            }
            return true;
        }

        // The one table walk: the entry for virtualAddress in its level
        // `level` table (1: a 4 KiB page, 2: a 2 MiB page), making zeroed
        // tables on the way when `create`. Null when a table is missing (not
        // made, or out of frames) or a large page is in the way.
        private ulong* Entry(ulong virtualAddress, int level, bool create)
        {
            ulong* table = (ulong*)_memory.Pointer(_root);
            for (int at = 4; at > level; at--)
            {
                ulong* entry = table + PageTableEntry.Index(virtualAddress, at);
                if ((*entry & PageTableEntry.Present) == 0)
                {
                    if (!create || !_frames.TryAllocate(true, out ulong fresh))
                        return null;
                    *entry = fresh | TableEntry;
                }
                else if ((*entry & PageTableEntry.LargePage) != 0)
                    return null;
                table = (ulong*)_memory.Pointer(*entry & PageTableEntry.AddressMask);
            }
            return table + PageTableEntry.Index(virtualAddress, level);
        }

        // The physical address a 4 KiB page maps virtualAddress to, and the
        // page's flags. False when unmapped (or inside a large page).
        public bool Translate(ulong virtualAddress, out ulong physical, out PageFlags flags)
        {
            ulong* entry = Entry(virtualAddress, 1, false);
            ulong value = entry == null ? 0 : *entry;
            physical = (value & PageTableEntry.AddressMask) | (value == 0 ? 0 : virtualAddress & PageMask);
            flags = (PageFlags)(value & ReportedMask);
            return (value & PageTableEntry.Present) != 0;
        }

        // Writes kernel bytes, or `from`'s user memory, into this space
        // whatever the pages' rights: the loader and vm fill pages MapFresh
        // just made (code is not writable to the component).
        public bool Fill(ulong address, byte* source, ulong length) => Receive(null, (ulong)source, address, length, PageFlags.Present);

        public bool FillFrom(AddressSpace from, ulong fromAddress, ulong address, ulong length) => Receive(from, fromAddress, address, length, PageFlags.Present);

        // Copies between two components' memory, frame to frame through the
        // direct map: no bounce through a kernel buffer.
        public static bool CopyBetween(AddressSpace from, ulong fromAddress, AddressSpace to, ulong toAddress, ulong length) =>
            to.Receive(from, fromAddress, toAddress, length, PageFlags.User | PageFlags.Writable);

        // Copies `length` bytes from `from`'s user memory (checked readable)
        // or, `from` null, from a kernel pointer to `address`, whose pages
        // must all have `needed`. Both ranges are checked whole first, so a
        // bad range copies nothing.
        private bool Receive(AddressSpace? from, ulong fromAddress, ulong address, ulong length, PageFlags needed)
        {
            if ((from != null && !from.IsUserRange(fromAddress, length, false)) || !Check(address, length, needed))
                return false;
            Move(from, fromAddress, this, address, length);
            return true;
        }

        // How many owned ranges there are (runs of owned pages with the same
        // rights, in address order: a heap grown by brk is one with the data
        // below it), and range `index` with its rights (all zero past the
        // last). Read off the tables, the one record of what a space owns.
        public int Ranges(int index, out ulong start, out ulong end, out PageFlags flags)
        {
            RangeWalk walk = new RangeWalk { Index = index };
            Walk(_root, 4, 0, ref walk, false);
            start = walk.Start;
            end = walk.End;
            flags = PageFlags.None;
            if (end != 0)
                Translate(start, out _, out flags);
            return walk.Count;
        }

        private struct RangeWalk
        {
            public int Index, Count;
            public ulong Start, End, RunEnd, RunRights;
        }

        // The one walk of a whole tree: visits the owned pages under a level
        // `level` table mapping from `address` (the PML4's user slots only),
        // in address order, counting ranges; with `free` (Destroy) it frees
        // them and every table on the way, `table` included.
        private void Walk(ulong table, int level, ulong address, ref RangeWalk walk, bool free)
        {
            ulong* entries = (ulong*)_memory.Pointer(table);
            int first = level == 4 ? 1 : 0, last = level == 4 ? PageTableEntry.EntriesPerTable / 2 : PageTableEntry.EntriesPerTable;
            for (int i = first; i < last; i++)
            {
                ulong entry = entries[i], at = address + ((ulong)i << (12 + 9 * (level - 1)));
                if (level > 1 && (entry & (PageTableEntry.Present | PageTableEntry.LargePage)) == PageTableEntry.Present)
                    Walk(entry & PageTableEntry.AddressMask, level - 1, at, ref walk, free);
                if (level > 1 || (entry & PageTableEntry.Owned) == 0)
                    continue;
                if (free)
                    _frames.Free(entry & PageTableEntry.AddressMask);
                // A page not right after the last one, or with other rights, starts a range.
                ulong rights = entry & (PageTableEntry.Writable | PageTableEntry.NoExecute);
                if ((at != walk.RunEnd || rights != walk.RunRights) && walk.Count++ == walk.Index)
                    walk.Start = at;
                walk.RunEnd = at + PageSize;
                walk.RunRights = rights;
                if (walk.Count - 1 == walk.Index)
                    walk.End = walk.RunEnd;
            }
            if (free)
                _frames.Free(table);
        }

        public bool CopyIn(ulong address, void* destination, ulong length) => Copy(address, (byte*)destination, length, false);

        public bool CopyOut(ulong address, void* source, ulong length) => Copy(address, (byte*)source, length, true);

        // The kernel's pointer (through the direct map) to a message at
        // address, when all its bytes lie in one user page with the asked
        // rights; null otherwise, and the caller takes the checked copy path.
        // The IPC fast path and the kernel calls work on messages in place
        // with it: one CPU, so nothing changes the page under them.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public Lib.Ipc.Message* MessageAt(ulong address, bool writable)
        {
            // The page a component passes trap after trap is the cached one:
            // checked here without a call (the IPC path's common case).
            ulong offset = address & PageMask;
            PageFlags needed = writable ? PageFlags.User | PageFlags.Writable : PageFlags.User;
            if (address - offset == _cachedPage && offset <= PageSize - Lib.Ipc.Message.Size && (_cachedFlags & needed) == needed)
                return (Lib.Ipc.Message*)(_cachedFrame + offset);
            return MessageAtUncached(address, writable);
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private Lib.Ipc.Message* MessageAtUncached(ulong address, bool writable)
        {
            ulong offset = address & PageMask;
            if (offset > PageSize - Lib.Ipc.Message.Size || !Check(address, Lib.Ipc.Message.Size, writable ? PageFlags.User | PageFlags.Writable : PageFlags.User))
                return null;
            return (Lib.Ipc.Message*)(_cachedFrame + offset); // Check left the page cached
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private static void Copy64(ulong* to, ulong* from)
        {
            to[0] = from[0]; to[1] = from[1]; to[2] = from[2]; to[3] = from[3];
            to[4] = from[4]; to[5] = from[5]; to[6] = from[6]; to[7] = from[7];
        }

        // True when every page of the range is mapped user-accessible (and
        // writable, when asked).
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public bool IsUserRange(ulong address, ulong length, bool writable)
        {
            ulong offset = address & PageMask;
            PageFlags needed = writable ? PageFlags.User | PageFlags.Writable : PageFlags.User;
            if (address - offset == _cachedPage && offset + length <= PageSize && length <= PageSize)
                return (_cachedFlags & needed) == needed;
            return Check(address, length, needed);
        }

        // True when every page of the user range is mapped with `needed`.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private bool Check(ulong address, ulong length, PageFlags needed)
        {
            if (length == 0)
                return true;
            if (address < UserSpace.Base || address > UserSpace.Limit || length > UserSpace.Limit - address)
                return false;
            for (ulong page = address & ~PageMask; page < address + length; page += PageSize)
            {
                if (!TranslatePage(page, out _, out PageFlags flags) || (flags & needed) != needed)
                    return false;
            }
            return true;
        }

        // A user page the component may execute (Check leaves it cached).
        public bool IsExecutable(ulong address) => Check(address, 1, PageFlags.User) && (_cachedFlags & PageFlags.NoExecute) == 0;

        // Translate through the one-page cache; `frame` is the kernel's pointer.
        private bool TranslatePage(ulong page, out ulong frame, out PageFlags flags)
        {
            if (page != _cachedPage)
            {
                if (!Translate(page, out ulong physical, out PageFlags pageFlags))
                {
                    frame = 0;
                    flags = PageFlags.None;
                    return false;
                }
                _cachedPage = page;
                _cachedFrame = (ulong)_memory.Pointer(physical);
                _cachedFlags = pageFlags;
            }
            frame = _cachedFrame;
            flags = _cachedFlags;
            return true;
        }

        // Nothing is copied unless every page checks out (a bad buffer
        // changes no state). The IPC hot path, a message in the page
        // translated last time, takes no walk and no loop.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private bool Copy(ulong address, byte* kernelBuffer, ulong length, bool toComponent)
        {
            ulong* message = length == Lib.Ipc.Message.Size ? (ulong*)MessageAt(address, toComponent) : null;
            if (message != null)
                Copy64(toComponent ? message : (ulong*)kernelBuffer, toComponent ? (ulong*)kernelBuffer : message);
            else if (!IsUserRange(address, length, toComponent))
                return false;
            else if (toComponent)
                Move(null, (ulong)kernelBuffer, this, address, length);
            else
                Move(this, address, null, (ulong)kernelBuffer, length);
            return true;
        }

        // The one copy loop, over checked ranges: a null space means a
        // kernel pointer. Each step is as long as both sides stay inside a
        // page.
        private static void Move(AddressSpace? from, ulong fromAddress, AddressSpace? to, ulong toAddress, ulong length)
        {
            for (ulong done = 0; done < length;)
            {
                ulong chunk = length - done;
                byte* source = from == null ? (byte*)(fromAddress + done) : from.Pointer(fromAddress + done, ref chunk);
                byte* target = to == null ? (byte*)(toAddress + done) : to.Pointer(toAddress + done, ref chunk);
                if (chunk == Lib.Ipc.Message.Size)
                    Copy64((ulong*)target, (ulong*)source);
                else
                    System.Buffer.MemoryCopy(source, target, (long)chunk, (long)chunk);
                done += chunk;
            }
        }

        // The kernel's pointer to a mapped address; shortens `chunk` to end
        // inside its page.
        private byte* Pointer(ulong address, ref ulong chunk)
        {
            ulong offset = address & PageMask;
            if (chunk > PageSize - offset)
                chunk = PageSize - offset;
            TranslatePage(address - offset, out ulong frame, out _);
            return (byte*)(frame + offset);
        }

        // Frees the frames this space owns, its page tables (device windows'
        // included) and its root. The kernel's shared slot is never touched.
        public void Destroy()
        {
            // A second Destroy would free the frames twice and loop the pool.
            if (_released)
                return;
            _released = true;
            _cachedPage = ulong.MaxValue;
            PagesOwned = 0;
            RangeWalk walk = default;
            Walk(_root, 4, 0, ref walk, true);
            _nextReleased = s_released;
            s_released = this;
        }
    }
}
