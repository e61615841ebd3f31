using System;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Servers.Vm
{
    // An ELF image into an address space: validated from its first page
    // (the headers) and its length, then each segment as fresh frames with
    // its rights (writable only if asked, executable only if asked), its
    // file bytes copied straight from the requester's memory by the kernel:
    // the image is never copied into vm.
    internal static unsafe class Loading
    {
        public const ulong PageSize = 4096;
        // A process's kernel stack counts against its quota too.
        public const ulong KernelStackPages = 4;

        private static readonly ElfImage s_elf = new ElfImage();
        private static readonly byte[] s_headers = new byte[PageSize];

        // Reads and validates the image at `image` in `holder`'s memory.
        public static int Parse(int holder, ulong image, ulong length, out ElfImage elf)
        {
            elf = s_elf;
            if (length == 0 || length > VmLimits.MaxImage)
                return Status.BadArgument;
            int headerLength = length < PageSize ? (int)length : (int)PageSize;
            fixed (byte* headers = s_headers)
            {
                int status = Kernel.Copy(holder, image, headers, (ulong)headerLength);
                if (status != Status.Ok)
                    return status;
            }
            return elf.Parse(new ReadOnlySpan<byte>(s_headers, 0, headerLength), length) ? Status.Ok : Status.BadArgument;
        }

        public static bool FitsQuota(ElfImage elf, ulong quota) => (elf.PageCount + KernelStackPages) * PageSize <= quota;

        // Maps every segment into `target` (its staged space when `rights`
        // has VmRights.Staged); the first failure's status.
        public static int MapSegments(ElfImage elf, int target, int staged, int holder, ulong image)
        {
            foreach (ElfSegment segment in elf.Segments)
            {
                ulong start = segment.VirtualAddress & ~(PageSize - 1);
                ulong end = (segment.End + PageSize - 1) & ~(PageSize - 1);
                int rights = staged | (segment.Writable ? VmRights.Writable : 0) | (segment.Executable ? VmRights.Executable : 0);
                int status = Kernel.Map(target, start, end - start, rights, holder, image + segment.FileOffset, segment.VirtualAddress, segment.FileSize);
                if (status != Status.Ok)
                    return status;
            }
            return Status.Ok;
        }
    }
}
