using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Bench.Components.SwifiAgent
{
    // ata through VFS and FS: each round reads the next Window of the
    // plan's pattern file (wrapping) and checks every byte; the file is
    // bigger than FS's block cache, so new windows reach the driver. Every
    // 8th round also writes a block of its own pattern to ScratchPath and
    // reads it back. The pattern: byte o of the file is
    // (byte)((o * 2654435761) >> 24) in 64-bit unsigned arithmetic, which
    // the host writes the same way.
    public sealed class DiskWorkload : Workload
    {
        public const int Window = 128 * 1024;
        public const int ScratchBlock = 4096;
        public const int ScratchEvery = 8;
        public const string ScratchPath = "/swifi/scratch.bin";

        private readonly string _path;
        private readonly long _windows;
        private readonly byte[] _buffer = new byte[Window];
        private long _rounds;

        public DiskWorkload(string path, long length)
        {
            _path = path;
            _windows = length / Window;
        }

        public static byte Pattern(ulong offset) => (byte)((offset * 2654435761UL) >> 24);

        public override string? Round(int trial, int round)
        {
            long window = _rounds % _windows;
            _rounds++;
            string? wrong = ReadWindow(window);
            if (wrong == null && _rounds % ScratchEvery == 0)
                wrong = Scratch(_rounds);
            return wrong;
        }

        private string? ReadWindow(long window)
        {
            int fd = Files.Open(_path, OpenFlags.Read);
            if (fd < 0)
                return Failed("disk-open", fd);
            long start = window * Window;
            long at = Files.Seek(fd, start, SeekOrigin.Begin);
            string? wrong = at != start ? Failed("disk-seek", at) : ReadAll(fd, _buffer, "disk-read");
            Files.Close(fd);
            if (wrong != null)
                return wrong;
            for (int i = 0; i < Window; i++)
                if (_buffer[i] != Pattern((ulong)(start + i)))
                    return "disk-byte@" + (start + i).ToString();
            return null;
        }

        // The scratch file's block for this round: the pattern from an
        // offset of its own, so a stale block from an earlier round differs.
        private string? Scratch(long round)
        {
            ulong origin = (ulong)round * ScratchBlock;
            var block = new System.Span<byte>(_buffer, 0, ScratchBlock);
            for (int i = 0; i < ScratchBlock; i++)
                block[i] = Pattern(origin + (ulong)i);
            int fd = Files.Open(ScratchPath, OpenFlags.ReadWrite | OpenFlags.Create | OpenFlags.Truncate);
            if (fd < 0)
                return Failed("scratch-open", fd);
            string? wrong = WriteAll(fd, block, "scratch-write");
            Files.Close(fd);
            if (wrong != null)
                return wrong;
            block.Clear();
            fd = Files.Open(ScratchPath, OpenFlags.Read);
            if (fd < 0)
                return Failed("scratch-reopen", fd);
            wrong = ReadAll(fd, block, "scratch-read");
            Files.Close(fd);
            if (wrong != null)
                return wrong;
            for (int i = 0; i < ScratchBlock; i++)
                if (block[i] != Pattern(origin + (ulong)i))
                    return "scratch-byte@" + i.ToString();
            return null;
        }
    }
}
