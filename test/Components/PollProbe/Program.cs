using System;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Posix;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.PollProbe
{
    // poll(2) through VFS (Files.Poll), one line per check:
    //   an empty pipe with timeout 0 answers 0 at once; with a byte in it,
    //   Readable; a closed descriptor is Invalid; an empty pipe with a
    //   300 ms timeout answers 0 no sooner than 300 ms later (the guest's
    //   own clock); /dev/null (memory answers Select) is readable and
    //   writable; then the serial terminal and an empty pipe together,
    //   held until the host types a line, which wakes it with tty00
    //   Readable and the pipe not; the line is then read whole. And a
    //   cloning device (the test image's /dev/helloclone over hello's
    //   minor 0: its Open answers 0, the new minor): opened through the
    //   driver, read, polled (hello answers Select BadRequest: ready),
    //   dup'd and closed; transfer flags refused on pipes.
    public static class Program
    {
        private const int TimeoutMs = 300;
        private static int s_failures;

        public static int Main()
        {
            Span<PollEntry> one = stackalloc PollEntry[1];
            Span<PollEntry> two = stackalloc PollEntry[2];

            Check("pipe", Files.Pipe(out int readEnd, out int writeEnd) == 0);
            one[0] = Entry(readEnd, SelectEvents.Readable);
            int ready = Files.Poll(one, 0);
            Check("empty-pipe-timeout-0", ready == 0 && one[0].Returned == 0);

            Check("write-pipe", Files.Write(writeEnd, new byte[] { 42 }) == 1);
            one[0] = Entry(readEnd, SelectEvents.Readable);
            ready = Files.Poll(one, -1);
            Check("pipe-readable", ready == 1 && one[0].Returned == SelectEvents.Readable);
            Check("pipe-write-end-writable", PollOne(writeEnd, SelectEvents.Writable, 0) == SelectEvents.Writable);
            var got = new byte[4];
            Check("read-pipe", Files.Read(readEnd, got) == 1 && got[0] == 42);

            Check("closed-invalid", PollOne(40, SelectEvents.Readable, 0) == SelectEvents.Invalid);

            long before = Lib.Sys.Process.UptimeMs();
            one[0] = Entry(readEnd, SelectEvents.Readable);
            ready = Files.Poll(one, TimeoutMs);
            long waited = Lib.Sys.Process.UptimeMs() - before;
            Diagnostics.Print(string.Concat("pollprobe: timeout poll answered ", ready.ToString(), " after ", waited.ToString(), " ms"));
            Check("timeout-passed", ready == 0 && waited >= TimeoutMs);

            int devNull = Files.Open("/dev/null", OpenFlags.ReadWrite);
            Check("device-ready", devNull >= 0 && PollOne(devNull, SelectEvents.Readable | SelectEvents.Writable, -1) == (SelectEvents.Readable | SelectEvents.Writable));
            Files.Close(devNull);

            int tty = Files.Open("/dev/tty00", OpenFlags.ReadWrite);
            Check("open-tty00", tty >= 0);
            Check("tty-writable-not-readable", PollOne(tty, SelectEvents.Readable | SelectEvents.Writable, 0) == SelectEvents.Writable);
            // Held at tty until the timeout, then cancelled there: the
            // next poll of the terminal must still be answered.
            two[0] = Entry(readEnd, SelectEvents.Readable);
            two[1] = Entry(tty, SelectEvents.Readable);
            Check("tty-poll-times-out", Files.Poll(two, 200) == 0 && two[1].Returned == 0);
            Check("tty-after-cancel", PollOne(tty, SelectEvents.Readable | SelectEvents.Writable, 0) == SelectEvents.Writable);
            Files.Write(tty, Ascii("pollprobe: type a line\n"));
            Diagnostics.Print("pollprobe: polling the terminal and a pipe");
            two[0] = Entry(readEnd, SelectEvents.Readable);
            two[1] = Entry(tty, SelectEvents.Readable);
            ready = Files.Poll(two, 120000);
            Check("terminal-wakes-poll", ready == 1 && two[0].Returned == 0 && two[1].Returned == SelectEvents.Readable);
            var line = new byte[64];
            int read = Files.Read(tty, line);
            Check("line-read", read == 11 && line[0] == (byte)'p' && line[10] == (byte)'\n');
            Check("line-taken", PollOne(tty, SelectEvents.Readable, 0) == 0);
            Files.Write(tty, Ascii("pollprobe: done\n"));
            Files.Close(tty);

            Files.Close(writeEnd);
            Check("hang-up", PollOne(readEnd, SelectEvents.Readable, 0) == (SelectEvents.Readable | SelectEvents.HangUp));
            Files.Close(readEnd);

            CloneChecks();

            Diagnostics.Print(s_failures == 0 ? "pollprobe: all checks passed" : "pollprobe: FAILURES");
            return s_failures == 0 ? 0 : 1;
        }

        private static void CloneChecks()
        {
            int clone = Files.Open("/dev/helloclone", OpenFlags.ReadWrite);
            Check("clone-open", clone >= 0);
            Check("clone-fstat", Files.FStat(clone, out FileStatus status) == 0 && status.Kind == FileKind.CharDevice);
            var into = new byte[8];
            Check("clone-read", Files.Read(clone, into) == 8 && into[0] == (byte)'H');
            Check("clone-read-flags", Files.ReadWith(clone, into, TransferFlags.DontWait) == 8 && into[0] == (byte)'o');
            Check("clone-unknown-flag", Files.ReadWith(clone, into, 0x40) == Status.BadArgument);
            // hello knows no Select (BadRequest): ready for what was asked.
            Check("clone-poll", PollOne(clone, SelectEvents.Readable | SelectEvents.Writable, -1) == (SelectEvents.Readable | SelectEvents.Writable));
            int second = Files.Open("/dev/helloclone", OpenFlags.Read);
            Check("clone-second-open", second >= 0 && second != clone);
            int copy = Files.Dup(clone);
            Check("clone-dup", copy >= 0 && Files.Close(clone) == 0 && Files.Read(copy, into) >= 0);
            Check("clone-close", Files.Close(copy) == 0 && Files.Close(second) == 0 && Files.Read(copy, into) < 0);
            Check("pipe-flags-refused", Files.Pipe(out int readEnd, out int writeEnd) == 0
                && Files.WriteWith(writeEnd, new byte[] { 7 }, TransferFlags.DontWait) == Status.BadArgument
                && Files.ReadWith(readEnd, into, TransferFlags.Addressed) == Status.BadArgument);
            Files.Close(readEnd);
            Files.Close(writeEnd);
        }

        // One record polled: its Returned, or the failing status.
        private static int PollOne(int fd, int events, int timeoutMs)
        {
            Span<PollEntry> entry = stackalloc PollEntry[1];
            entry[0] = Entry(fd, events);
            int ready = Files.Poll(entry, timeoutMs);
            return ready < 0 ? ready : entry[0].Returned;
        }

        private static PollEntry Entry(int fd, int events)
        {
            PollEntry entry = default;
            entry.Descriptor = fd;
            entry.Requested = (short)events;
            return entry;
        }

        private static void Check(string name, bool ok)
        {
            if (!ok)
                s_failures++;
            Diagnostics.Print(string.Concat("pollprobe: ", name, ok ? ": ok" : ": FAIL"));
        }

        private static byte[] Ascii(string text)
        {
            var bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
                bytes[i] = (byte)text[i];
            return bytes;
        }
    }
}
