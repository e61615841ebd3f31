using Minix3.Cosmos.Kernel.Loader;
using Minix3.Cosmos.Kernel.Memory;

namespace Minix3.Cosmos.Kernel.Arch.X64
{
    // One component's address space: its own PML4 whose slot 0 is the
    // kernel's (the identity map of physical memory, supervisor-only, shared
    // by reference), with the component's image mapped user-accessible in
    // slots 1..255 (ElfImage.UserBase and up). The kernel reaches component
    // memory only through CopyIn/CopyOut, which check that every page is
    // mapped, user-accessible and (for writes) writable.
    internal sealed unsafe class AddressSpace
    {
        private const ulong PageSize = 4096;
        private const int MaxRanges = ElfImage.MaxSegments + 8;

        private readonly FrameAllocator _frames;
        private readonly PageMapper _mapper;
        // Page-aligned ranges whose frames this space owns (image segments);
        // device memory mapped with UMap is not owned and never freed here.
        private readonly ulong[] _ownedStart = new ulong[MaxRanges];
        private readonly ulong[] _ownedEnd = new ulong[MaxRanges];
        private int _ownedCount;

        public ulong Root => _mapper.RootTable;
        public ulong PagesOwned { get; private set; }

        private AddressSpace(FrameAllocator frames, PageMapper mapper)
        {
            _frames = frames;
            _mapper = mapper;
        }

        public static AddressSpace? Create(FrameAllocator frames, ulong kernelRoot, DirectMap memory)
        {
            if (!PageMapper.TryCreateRoot(frames, out ulong root))
                return null;
            // Share the kernel's first PML4 entry: everything below 512 GiB.
            ((ulong*)memory.Pointer(root))[0] = ((ulong*)memory.Pointer(kernelRoot & ~0xFFFUL))[0];
            return new AddressSpace(frames, new PageMapper(frames, memory, root));
        }

        // Maps the image's segments with fresh zeroed frames holding the
        // file's bytes. Rights per segment: user, writable only if asked,
        // executable only if asked (W^X is the linker script's business).
        public MapResult Load(ElfImage image, byte* file)
        {
            foreach (ElfSegment segment in image.Segments)
            {
                ulong start = segment.VirtualAddress & ~(PageSize - 1);
                ulong end = (segment.End + PageSize - 1) & ~(PageSize - 1);
                var flags = PageFlags.User;
                if (segment.Writable)
                    flags |= PageFlags.Writable;
                if (!segment.Executable)
                    flags |= PageFlags.NoExecute;
                for (ulong page = start; page < end; page += PageSize)
                {
                    if (!_frames.TryAllocate(true, out ulong frame))
                        return MapResult.OutOfMemory;
                    CopyFileBytes(segment, file, page, (byte*)frame);
                    MapResult result = _mapper.Map(page, frame, PageSize, flags, MapOptions.None);
                    if (result != MapResult.Success)
                    {
                        _frames.Free(frame);
                        return result;
                    }
                    PagesOwned++;
                }
                if (_ownedCount < MaxRanges)
                {
                    _ownedStart[_ownedCount] = start;
                    _ownedEnd[_ownedCount++] = end;
                }
            }
            return MapResult.Success;
        }

        // The part of the segment's file bytes that falls into this page.
        private static void CopyFileBytes(ElfSegment segment, byte* file, ulong page, byte* destination)
        {
            ulong fileStart = segment.VirtualAddress;
            ulong fileEnd = segment.VirtualAddress + segment.FileSize;
            ulong from = page > fileStart ? page : fileStart;
            ulong to = page + PageSize < fileEnd ? page + PageSize : fileEnd;
            for (ulong address = from; address < to; address++)
                destination[address - page] = file[segment.FileOffset + (address - fileStart)];
        }

        // Device memory (UMap): mapped, not owned; uncached.
        public MapResult MapDevice(ulong virtualAddress, ulong physical, ulong length) =>
            _mapper.Map(virtualAddress, physical, length, PageFlags.User | PageFlags.Writable | PageFlags.NoExecute | PageFlags.CacheDisable, MapOptions.None);

        public bool CopyIn(ulong address, void* destination, ulong length) => Copy(address, (byte*)destination, length, false);

        public bool CopyOut(ulong address, void* source, ulong length) => Copy(address, (byte*)source, length, true);

        // True when every page of the range is mapped user-accessible (and
        // writable, when asked).
        public bool IsUserRange(ulong address, ulong length, bool writable)
        {
            if (length == 0)
                return true;
            if (address < ElfImage.UserBase || length > ElfImage.UserLimit - address)
                return false;
            for (ulong page = address & ~(PageSize - 1); page < address + length; page += PageSize)
            {
                if (!_mapper.Translate(page, out _, out PageFlags flags))
                    return false;
                if ((flags & PageFlags.User) == 0 || (writable && (flags & PageFlags.Writable) == 0))
                    return false;
            }
            return true;
        }

        // Page by page through the component's tables; nothing is copied
        // unless every page checks out (a bad buffer changes no state).
        private bool Copy(ulong address, byte* kernelBuffer, ulong length, bool toComponent)
        {
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
                byte* component = (byte*)physical;
                if (toComponent)
                    Buffer(component, kernelBuffer + done, chunk);
                else
                    Buffer(kernelBuffer + done, component, chunk);
                done += chunk;
            }
            return true;
        }

        private static void Buffer(byte* destination, byte* source, ulong length)
        {
            for (ulong i = 0; i < length; i++)
                destination[i] = source[i];
        }

        // Frees the frames this space owns, its page tables and its root. The
        // kernel's shared slot is never touched. (Tables under UMap mappings
        // are not reclaimed yet.)
        public void Destroy()
        {
            for (int r = 0; r < _ownedCount; r++)
            {
                for (ulong page = _ownedStart[r]; page < _ownedEnd[r]; page += PageSize)
                {
                    if (_mapper.Translate(page, out ulong frame, out _))
                        _frames.Free(frame & ~(PageSize - 1));
                }
                _mapper.Unmap(_ownedStart[r], _ownedEnd[r] - _ownedStart[r]);
            }
            _ownedCount = 0;
            PagesOwned = 0;
            _frames.Free(Root);
        }
    }
}
