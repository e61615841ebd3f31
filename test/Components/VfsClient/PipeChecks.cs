using System;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Tests.Components.VfsClient
{
    // Pipes in one process: bytes in order, a full pipe takes what fits,
    // the wrong end refuses, end of file without writers, BrokenPipe
    // without readers. (A reader or writer held back is in the unit tests:
    // one process cannot wait on itself.)
    public static partial class Program
    {
        private static void PipeChecks()
        {
            Check("pipe", Files.Pipe(out int readEnd, out int writeEnd) == 0 && readEnd >= 0 && writeEnd == readEnd + 1);
            const string text = "through the pipe";
            var buffer = new byte[VfsLimits.PipeCapacity + 2000];
            Check("pipe-write-read", Files.Write(writeEnd, Ascii(text)) == text.Length
                && Files.Read(readEnd, buffer) == text.Length && SameText(buffer.AsSpan(0, text.Length), text));

            for (int i = 0; i < buffer.Length; i++)
                buffer[i] = (byte)(i * 7);
            Check("pipe-full-takes-what-fits", Expect("write to pipe", Files.Write(writeEnd, buffer), VfsLimits.PipeCapacity));
            Check("pipe-fstat", Files.FStat(readEnd, out FileStatus status) == 0 && status.Kind == FileKind.Pipe && status.Size == VfsLimits.PipeCapacity);
            var back = new byte[buffer.Length];
            int read = Files.Read(readEnd, back);
            bool same = read == VfsLimits.PipeCapacity;
            for (int i = 0; same && i < read; i++)
                same = back[i] == buffer[i];
            Check("pipe-read-full", same);

            Check("pipe-wrong-end", Expect("write read end", Files.Write(readEnd, buffer.AsSpan(0, 1)), VfsStatus.NotWritable)
                && Expect("read write end", Files.Read(writeEnd, back), VfsStatus.NotReadable));
            Check("pipe-not-seekable", Expect("seek pipe", Files.Seek(readEnd, 0, SeekOrigin.Begin), VfsStatus.NotSeekable));

            // A duplicate of the write end keeps the pipe open for writing.
            int writeCopy = Files.Dup(writeEnd);
            Check("pipe-eof-after-writers-close", Files.Write(writeEnd, Ascii("x")) == 1 && Files.Close(writeEnd) == 0
                && Files.Close(writeCopy) == 0 && Files.Read(readEnd, back) == 1 && Expect("read at eof", Files.Read(readEnd, back), 0));
            Files.Close(readEnd);

            Files.Pipe(out readEnd, out writeEnd);
            Check("pipe-broken", Files.Close(readEnd) == 0 && Expect("write broken", Files.Write(writeEnd, Ascii("x")), VfsStatus.BrokenPipe));
            Files.Close(writeEnd);
        }
    }
}
