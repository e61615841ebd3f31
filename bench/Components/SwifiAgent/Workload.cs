using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Bench.Components.SwifiAgent
{
    // A checked use of one driver through VFS. A round does a few requests
    // that reach the driver and checks every result; none may wait for
    // ever on a working system (a hung driver is RS's to find: its
    // heartbeat ends it, and the request is repeated or fails).
    public abstract class Workload
    {
        // Null when every result was right; else what failed or differed,
        // one word ("read:-5", "byte@1234", "timeout"). `trial` and
        // `round` name the round for workloads the host answers.
        public abstract string? Round(int trial, int round);

        // "open:STATUS"-style words for a failed call.
        protected static string Failed(string what, long status) => string.Concat(what, ":", status.ToString());

        // Reads exactly buffer.Length bytes at the file's position; a short
        // count or an error is the answer's word.
        protected static string? ReadAll(int fd, System.Span<byte> buffer, string what)
        {
            int got = Files.Read(fd, buffer);
            if (got < 0)
                return Failed(what, got);
            return got != buffer.Length ? string.Concat(what, "-short:", got.ToString()) : null;
        }

        protected static string? WriteAll(int fd, System.ReadOnlySpan<byte> data, string what)
        {
            int put = Files.Write(fd, data);
            if (put < 0)
                return Failed(what, put);
            return put != data.Length ? string.Concat(what, "-short:", put.ToString()) : null;
        }
    }
}
