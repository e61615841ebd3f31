using System;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Servers.Vm
{
    // Validates a program image (a static ELF64 x86-64 executable) and lists
    // what to load: the memory manager's check of every image it execs or
    // spawns. Nothing in the file is trusted: every offset and size is
    // checked against the file and against the user address range before
    // anything is mapped. A bad image is refused with a reason
    // (BadArgument to the requester).
    public enum ElfProblem
    {
        None = 0,
        TooSmall,
        NotElf,
        NotElf64LittleEndian,
        NotExecutable,
        NotX86_64,
        BadProgramHeaders,
        TooManySegments,
        SegmentOutsideFile,
        SegmentOutsideUserRange,
        SegmentMisaligned,
        SegmentsOverlap,
        FileSizeAboveMemorySize,
        EntryNotInCode,
        NoLoadableSegment,
    }

    public struct ElfSegment
    {
        public ulong VirtualAddress;
        public ulong FileOffset;
        public ulong FileSize;
        public ulong MemorySize;
        public bool Writable;
        public bool Executable;

        public readonly ulong End => VirtualAddress + MemorySize;
    }

    public sealed class ElfImage
    {
        public const int MaxSegments = 8;
        public const ulong PageSize = 4096;

        public const ulong UserBase = UserSpace.Base;
        public const ulong UserLimit = UserSpace.Limit;

        private const uint ProgramHeaderLoad = 1;
        private const uint FlagExecute = 1;
        private const uint FlagWrite = 2;

        private readonly ElfSegment[] _segments = new ElfSegment[MaxSegments];

        public int SegmentCount { get; private set; }
        public ulong Entry { get; private set; }
        public ElfProblem Problem { get; private set; }

        public ReadOnlySpan<ElfSegment> Segments => new ReadOnlySpan<ElfSegment>(_segments).Slice(0, SegmentCount);

        // Pages the loaded image occupies (what the memory quota limits).
        public ulong PageCount
        {
            get
            {
                ulong pages = 0;
                for (int i = 0; i < SegmentCount; i++)
                {
                    ulong start = _segments[i].VirtualAddress & ~(PageSize - 1);
                    ulong end = (_segments[i].End + PageSize - 1) & ~(PageSize - 1);
                    pages += (end - start) / PageSize;
                }
                return pages;
            }
        }

        public bool Parse(ReadOnlySpan<byte> file) => Parse(file, (ulong)file.Length);

        // `headers` is the start of a file of `fileLength` bytes (vm reads
        // only the first page of an image): the ELF and program headers must
        // lie inside it, the segments inside the whole file.
        public bool Parse(ReadOnlySpan<byte> headers, ulong fileLength)
        {
            SegmentCount = 0;
            Entry = 0;
            Problem = (ulong)headers.Length > fileLength ? ElfProblem.TooSmall : Check(headers, fileLength);
            return Problem == ElfProblem.None;
        }

        private ElfProblem Check(ReadOnlySpan<byte> file, ulong fileLength)
        {
            if (file.Length < 64)
                return ElfProblem.TooSmall;
            if (file[0] != 0x7F || file[1] != 'E' || file[2] != 'L' || file[3] != 'F')
                return ElfProblem.NotElf;
            if (file[4] != 2 || file[5] != 1)
                return ElfProblem.NotElf64LittleEndian;
            if (U16(file, 16) != 2)
                return ElfProblem.NotExecutable;
            if (U16(file, 18) != 62)
                return ElfProblem.NotX86_64;
            ulong entry = U64(file, 24);
            ulong programHeaders = U64(file, 32);
            int entrySize = U16(file, 54);
            int count = U16(file, 56);
            if (entrySize != 56 || programHeaders > (ulong)file.Length || (ulong)count * 56 > (ulong)file.Length - programHeaders)
                return ElfProblem.BadProgramHeaders;
            for (int i = 0; i < count; i++)
            {
                int header = (int)programHeaders + i * 56;
                if (U32(file, header) != ProgramHeaderLoad)
                    continue;
                ElfProblem problem = AddSegment(file, header, fileLength);
                if (problem != ElfProblem.None)
                    return problem;
            }
            if (SegmentCount == 0)
                return ElfProblem.NoLoadableSegment;
            for (int i = 0; i < SegmentCount; i++)
            {
                if (_segments[i].Executable && entry >= _segments[i].VirtualAddress && entry < _segments[i].End)
                {
                    Entry = entry;
                    return ElfProblem.None;
                }
            }
            SegmentCount = 0;
            return ElfProblem.EntryNotInCode;
        }

        private ElfProblem AddSegment(ReadOnlySpan<byte> file, int header, ulong fileLength)
        {
            uint flags = U32(file, header + 4);
            var segment = new ElfSegment
            {
                FileOffset = U64(file, header + 8),
                VirtualAddress = U64(file, header + 16),
                FileSize = U64(file, header + 32),
                MemorySize = U64(file, header + 40),
                Writable = (flags & FlagWrite) != 0,
                Executable = (flags & FlagExecute) != 0,
            };
            if (segment.MemorySize == 0)
                return ElfProblem.None;
            if (segment.FileSize > segment.MemorySize)
                return ElfProblem.FileSizeAboveMemorySize;
            if (segment.FileOffset > fileLength || segment.FileSize > fileLength - segment.FileOffset)
                return ElfProblem.SegmentOutsideFile;
            if (segment.VirtualAddress < UserBase || segment.VirtualAddress > UserLimit || segment.MemorySize > UserLimit - segment.VirtualAddress)
                return ElfProblem.SegmentOutsideUserRange;
            if ((segment.VirtualAddress & (PageSize - 1)) != (segment.FileOffset & (PageSize - 1)))
                return ElfProblem.SegmentMisaligned;
            ulong start = segment.VirtualAddress & ~(PageSize - 1);
            ulong end = (segment.End + PageSize - 1) & ~(PageSize - 1);
            for (int i = 0; i < SegmentCount; i++)
            {
                ulong otherStart = _segments[i].VirtualAddress & ~(PageSize - 1);
                ulong otherEnd = (_segments[i].End + PageSize - 1) & ~(PageSize - 1);
                if (start < otherEnd && otherStart < end)
                    return ElfProblem.SegmentsOverlap;
            }
            if (SegmentCount == MaxSegments)
                return ElfProblem.TooManySegments;
            _segments[SegmentCount++] = segment;
            return ElfProblem.None;
        }

        private static ushort U16(ReadOnlySpan<byte> b, int at) => (ushort)(b[at] | b[at + 1] << 8);
        private static uint U32(ReadOnlySpan<byte> b, int at) => (uint)(b[at] | b[at + 1] << 8 | b[at + 2] << 16 | b[at + 3] << 24);
        private static ulong U64(ReadOnlySpan<byte> b, int at) => U32(b, at) | (ulong)U32(b, at + 4) << 32;
    }
}
