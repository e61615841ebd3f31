using System;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Servers.Pm.Table
{
    // An Exec block sent in pieces, for callers without grants. Pieces
    // arrive in order; offset 0 starts over; the whole length is fixed by
    // the first piece and bounded, so a caller holds at most one block of
    // MaxBlock bytes in PM.
    public static class ExecStaging
    {
        public static int Add(ProcessRecord process, long offset, long total, ReadOnlySpan<byte> piece, int maxBlock)
        {
            if (total <= 0 || offset < 0 || offset >= total)
                return Status.BadArgument;
            if (total > maxBlock)
                return PmStatus.TooLong;
            if (offset == 0)
            {
                process.Staged = new byte[total];
                process.StagedLength = 0;
            }
            byte[]? staged = process.Staged;
            if (staged == null || staged.Length != total || offset != process.StagedLength)
            {
                Clear(process);
                return Status.OutOfRange;
            }
            int count = total - offset < piece.Length ? (int)(total - offset) : piece.Length;
            piece.Slice(0, count).CopyTo(new Span<byte>(staged, (int)offset, count));
            process.StagedLength += count;
            return Status.Ok;
        }

        // The whole block if it is complete and has this length; else null
        // (and the staging is dropped either way).
        public static byte[]? Take(ProcessRecord process, long total)
        {
            byte[]? staged = process.Staged;
            bool complete = staged != null && staged.Length == total && process.StagedLength == total;
            Clear(process);
            return complete ? staged : null;
        }

        public static void Clear(ProcessRecord process)
        {
            process.Staged = null;
            process.StagedLength = 0;
        }
    }
}
