using Minix3.Cosmos.Kernel.Memory;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.Arch.X64
{
    // One component's address space: its own PML4 whose slot 0 is the
    // kernel's (the identity map of physical memory, supervisor-only, shared
    // by reference), with the component's image mapped user-accessible in
    // slots 1..255 (UserSpace.Base and up). The kernel reaches component
    // memory only through CopyIn/CopyOut, which check that every page is
    // mapped, user-accessible and (for writes) writable.
    internal sealed unsafe class AddressSpace
    {
        private const ulong PageSize = 4096;
        // Image segments and heap growth (which extends the last range).
        private const int MaxRanges = 16;

        private readonly FrameAllocator _frames;
        private readonly PageMapper _mapper;
        // Page-aligned ranges whose frames this space owns (MapFresh);
        // device memory mapped with UMap is not owned and never freed here.
        private readonly ulong[] _ownedStart = new ulong[MaxRanges];
        private readonly ulong[] _ownedEnd = new ulong[MaxRanges];
        private int _ownedCount;

        // The last page translated. Components pass the same message buffer
        // trap after trap, so this saves the table walk on the IPC path; every
        // change to the tables here (MapFresh, MapDevice, Destroy) forgets it.
        private ulong _cachedPage = ulong.MaxValue;
        private ulong _cachedFrame;
        private PageFlags _cachedFlags;

        public ulong Root => _mapper.RootTable;
        public ulong PagesOwned { get; private set; }

        private AddressSpace(FrameAllocator frames, PageMapper mapper)
        {
            _frames = frames;
            _mapper = mapper;
        }

        // Destroyed spaces, kept for reuse: the kernel heap is never
        // collected, so a new object (and its mapper and arrays) per fork
        // and exec would leak with every command a shell runs. At most one
        // per process slot ever exists beyond the live ones.
        private static AddressSpace? s_released;
        private AddressSpace? _nextReleased;
        private bool _released;

        public static AddressSpace? Create(FrameAllocator frames, ulong kernelRoot, DirectMap memory)
        {
            if (!PageMapper.TryCreateRoot(frames, out ulong root))
                return null;
            // Share the kernel's first PML4 entry: everything below 512 GiB.
            ((ulong*)memory.Pointer(root))[0] = ((ulong*)memory.Pointer(kernelRoot & ~0xFFFUL))[0];
            AddressSpace? reused = s_released;
            if (reused == null || reused._frames != frames)
                return new AddressSpace(frames, new PageMapper(frames, memory, root));
            s_released = reused._nextReleased;
            reused._nextReleased = null;
            reused._released = false;
            reused._mapper.Retarget(root);
            return reused;
        }

        // Fresh zeroed frames at [start, start + length), owned by this
        // space, with `flags` (User is added). The range must be page
        // aligned, in the user half and unmapped. All or nothing: on failure
        // whatever was mapped is taken back. Growth right after an owned
        // range with the same rights extends that range (brk).
        public MapResult MapFresh(ulong start, ulong length, PageFlags flags)
        {
            if (((start | length) & (PageSize - 1)) != 0)
                return MapResult.Misaligned;
            if (length == 0 || start < UserSpace.Base || start > UserSpace.Limit || length > UserSpace.Limit - start)
                return MapResult.InvalidArgument;
            // Bounds the walk below: a range larger than free memory cannot be had.
            if (length / PageSize > _frames.FreeFrames)
                return MapResult.OutOfMemory;
            for (ulong page = start; page < start + length; page += PageSize)
            {
                if (_mapper.Translate(page, out _, out _))
                    return MapResult.AlreadyMapped;
            }
            flags |= PageFlags.User;
            int extended = -1;
            for (int r = 0; r < _ownedCount && extended < 0; r++)
            {
                if (_ownedEnd[r] == start && _mapper.Translate(start - PageSize, out _, out PageFlags before)
                    && (before & (PageFlags.Writable | PageFlags.NoExecute)) == (flags & (PageFlags.Writable | PageFlags.NoExecute)))
                    extended = r;
            }
            if (extended < 0 && _ownedCount == MaxRanges)
                return MapResult.InvalidArgument;
            _cachedPage = ulong.MaxValue;
            for (ulong done = 0; done < length; done += PageSize)
            {
                MapResult result = _frames.TryAllocate(true, out ulong frame)
                    ? _mapper.Map(start + done, frame, PageSize, flags, MapOptions.None)
                    : MapResult.OutOfMemory;
                if (result != MapResult.Success)
                {
                    if (result != MapResult.OutOfMemory)
                        _frames.Free(frame);
                    Release(start, done);
                    return result;
                }
                PagesOwned++;
            }
            if (extended >= 0)
                _ownedEnd[extended] = start + length;
            else
            {
                _ownedStart[_ownedCount] = start;
                _ownedEnd[_ownedCount++] = start + length;
            }
            return MapResult.Success;
        }

        // Frees the frames of [start, start + length) and unmaps it.
        private void Release(ulong start, ulong length)
        {
            _cachedPage = ulong.MaxValue;
            for (ulong page = start; page < start + length; page += PageSize)
            {
                if (_mapper.Translate(page, out ulong frame, out _))
                {
                    _frames.Free(frame & ~(PageSize - 1));
                    PagesOwned--;
                }
            }
            if (length > 0)
                _mapper.Unmap(start, length);
        }

        // Writes kernel bytes into this space whatever the pages' rights: the
        // loader and vm fill pages MapFresh just made (code is not writable
        // to the component). False, with nothing written, unless every page
        // of the range is mapped.
        public bool Fill(ulong address, byte* source, ulong length)
        {
            for (ulong page = address & ~(PageSize - 1); page < address + length; page += PageSize)
            {
                if (!_mapper.Translate(page, out _, out _))
                    return false;
            }
            for (ulong done = 0; done < length;)
            {
                ulong at = address + done;
                ulong chunk = PageSize - (at & (PageSize - 1));
                if (chunk > length - done)
                    chunk = length - done;
                _mapper.Translate(at, out ulong physical, out _);
                System.Buffer.MemoryCopy(source + done, (void*)physical, (long)chunk, (long)chunk);
                done += chunk;
            }
            return true;
        }

        // Copies `length` bytes of `from`'s user memory (checked readable)
        // into this space at `address` (see Fill).
        public bool FillFrom(AddressSpace from, ulong fromAddress, ulong address, ulong length)
        {
            if (!from.IsUserRange(fromAddress, length, false))
                return false;
            for (ulong done = 0; done < length;)
            {
                ulong at = fromAddress + done;
                ulong chunk = PageSize - (at & (PageSize - 1));
                if (chunk > length - done)
                    chunk = length - done;
                from._mapper.Translate(at, out ulong physical, out _);
                if (!Fill(address + done, (byte*)physical, chunk))
                    return false;
                done += chunk;
            }
            return true;
        }

        public int RangeCount => _ownedCount;

        // Owned range `index` and the rights of its first page.
        public bool Range(int index, out ulong start, out ulong end, out PageFlags flags)
        {
            start = end = 0;
            flags = PageFlags.None;
            if ((uint)index >= (uint)_ownedCount)
                return false;
            start = _ownedStart[index];
            end = _ownedEnd[index];
            _mapper.Translate(start, out _, out flags);
            return true;
        }

        // Device memory (VmCtl MapDevice): mapped, not owned; uncached; in
        // the user half only (the kernel's half is the kernel's).
        public MapResult MapDevice(ulong virtualAddress, ulong physical, ulong length)
        {
            if (virtualAddress < UserSpace.Base || virtualAddress > UserSpace.Limit || length > UserSpace.Limit - virtualAddress)
                return MapResult.InvalidArgument;
            _cachedPage = ulong.MaxValue;
            return _mapper.Map(virtualAddress, physical, length, PageFlags.User | PageFlags.Writable | PageFlags.NoExecute | PageFlags.CacheDisable, MapOptions.None);
        }

        // The IPC hot path: a 64-byte message in the page translated last
        // time takes no call and no walk; everything else goes through Copy.
        public bool CopyIn(ulong address, void* destination, ulong length)
        {
            ulong offset = address & (PageSize - 1);
            if (length == Lib.Ipc.Message.Size && address - offset == _cachedPage && offset <= PageSize - length && (_cachedFlags & PageFlags.User) != 0)
            {
                Copy64((ulong*)destination, (ulong*)(_cachedFrame + offset));
                return true;
            }
            return Copy(address, (byte*)destination, length, false);
        }

        public bool CopyOut(ulong address, void* source, ulong length)
        {
            ulong offset = address & (PageSize - 1);
            if (length == Lib.Ipc.Message.Size && address - offset == _cachedPage && offset <= PageSize - length
                && (_cachedFlags & (PageFlags.User | PageFlags.Writable)) == (PageFlags.User | PageFlags.Writable))
            {
                Copy64((ulong*)(_cachedFrame + offset), (ulong*)source);
                return true;
            }
            return Copy(address, (byte*)source, length, true);
        }

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
            ulong offset = address & (PageSize - 1);
            PageFlags needed = writable ? PageFlags.User | PageFlags.Writable : PageFlags.User;
            if (address - offset == _cachedPage && offset <= PageSize - Lib.Ipc.Message.Size && (_cachedFlags & needed) == needed)
                return (Lib.Ipc.Message*)(_cachedFrame + offset);
            return MessageAtUncached(address, writable);
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private Lib.Ipc.Message* MessageAtUncached(ulong address, bool writable)
        {
            ulong offset = address & (PageSize - 1);
            if (offset > PageSize - Lib.Ipc.Message.Size || address < UserSpace.Base || address >= UserSpace.Limit)
                return null;
            if (!TranslatePage(address - offset, out ulong frame, out PageFlags flags) || !Permits(flags, writable))
                return null;
            return (Lib.Ipc.Message*)(frame + offset);
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
            ulong offset = address & (PageSize - 1);
            if (address - offset == _cachedPage && offset + length <= PageSize && length <= PageSize)
                return Permits(_cachedFlags, writable);
            return IsUserRangeUncached(address, length, writable);
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private bool IsUserRangeUncached(ulong address, ulong length, bool writable)
        {
            if (length == 0)
                return true;
            if (address < UserSpace.Base || address > UserSpace.Limit || length > UserSpace.Limit - address)
                return false;
            for (ulong page = address & ~(PageSize - 1); page < address + length; page += PageSize)
            {
                if (!TranslatePage(page, out _, out PageFlags flags) || !Permits(flags, writable))
                    return false;
            }
            return true;
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        // A user page the component may execute.
        public bool IsExecutable(ulong address)
        {
            if (address < UserSpace.Base || address >= UserSpace.Limit)
                return false;
            return TranslatePage(address & ~(PageSize - 1), out _, out PageFlags flags)
                && (flags & PageFlags.User) != 0 && (flags & PageFlags.NoExecute) == 0;
        }

        private bool TranslatePage(ulong page, out ulong frame, out PageFlags flags)
        {
            if (page != _cachedPage)
            {
                if (!_mapper.Translate(page, out ulong physical, out PageFlags pageFlags))
                {
                    frame = 0;
                    flags = PageFlags.None;
                    return false;
                }
                _cachedPage = page;
                _cachedFrame = physical;
                _cachedFlags = pageFlags;
            }
            frame = _cachedFrame;
            flags = _cachedFlags;
            return true;
        }

        // Page by page through the component's tables; nothing is copied
        // unless every page checks out (a bad buffer changes no state). The
        // common case, a message inside one page, walks the tables once.
        private bool Copy(ulong address, byte* kernelBuffer, ulong length, bool toComponent)
        {
            if (length == 0)
                return true;
            if (address < UserSpace.Base || address > UserSpace.Limit || length > UserSpace.Limit - address)
                return false;
            ulong offset = address & (PageSize - 1);
            if (offset + length <= PageSize)
            {
                if (!TranslatePage(address - offset, out ulong frame, out PageFlags flags) || !Permits(flags, toComponent))
                    return false;
                Move((byte*)(frame + offset), kernelBuffer, length, toComponent);
                return true;
            }
            if (!IsUserRange(address, length, toComponent))
                return false;
            ulong done = 0;
            while (done < length)
            {
                ulong at = address + done;
                ulong chunk = PageSize - (at & (PageSize - 1));
                if (chunk > length - done)
                    chunk = length - done;
                _mapper.Translate(at, out ulong physical, out _);
                Move((byte*)physical, kernelBuffer + done, chunk, toComponent);
                done += chunk;
            }
            return true;
        }

        // Copies between two components' memory, frame to frame through the
        // direct map: no bounce through a kernel buffer, and each step is as
        // long as both sides stay inside a page. Both ranges are checked
        // whole first, so a bad range copies nothing.
        public static bool CopyBetween(AddressSpace from, ulong fromAddress, AddressSpace to, ulong toAddress, ulong length)
        {
            if (!from.IsUserRange(fromAddress, length, false) || !to.IsUserRange(toAddress, length, true))
                return false;
            ulong done = 0;
            while (done < length)
            {
                ulong source = fromAddress + done, target = toAddress + done;
                ulong sourceOffset = source & (PageSize - 1), targetOffset = target & (PageSize - 1);
                ulong chunk = PageSize - (sourceOffset > targetOffset ? sourceOffset : targetOffset);
                if (chunk > length - done)
                    chunk = length - done;
                from.TranslatePage(source - sourceOffset, out ulong sourceFrame, out _);
                to.TranslatePage(target - targetOffset, out ulong targetFrame, out _);
                System.Buffer.MemoryCopy((void*)(sourceFrame + sourceOffset), (void*)(targetFrame + targetOffset), (long)chunk, (long)chunk);
                done += chunk;
            }
            return true;
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private static bool Permits(PageFlags flags, bool write) =>
            (flags & PageFlags.User) != 0 && (!write || (flags & PageFlags.Writable) != 0);

        private static void Move(byte* component, byte* kernel, ulong length, bool toComponent)
        {
            if (length == Lib.Ipc.Message.Size)
            {
                Copy64((ulong*)(toComponent ? component : kernel), (ulong*)(toComponent ? kernel : component));
                return;
            }
            if (toComponent)
                System.Buffer.MemoryCopy(kernel, component, (long)length, (long)length);
            else
                System.Buffer.MemoryCopy(component, kernel, (long)length, (long)length);
        }

        // Frees the frames this space owns, its page tables and its root. The
        // kernel's shared slot is never touched. (Tables under UMap mappings
        // are not reclaimed yet.)
        public void Destroy()
        {
            // A second Destroy would free the frames twice and loop the pool.
            if (_released)
                return;
            _released = true;
            _cachedPage = ulong.MaxValue;
            for (int r = 0; r < _ownedCount; r++)
                Release(_ownedStart[r], _ownedEnd[r] - _ownedStart[r]);
            _ownedCount = 0;
            PagesOwned = 0;
            _frames.Free(Root);
            _nextReleased = s_released;
            s_released = this;
        }
    }
}
