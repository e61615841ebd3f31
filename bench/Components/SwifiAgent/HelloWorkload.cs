using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Bench.Components.SwifiAgent
{
    // hello's greeting, "Hello, World! (N)\n" with N its read count (which
    // survives its restarts), read whole from its device: /dev/hello in the
    // system image, /dev/helloclone (its minor 0 through a cloning node)
    // in the test image.
    public sealed class HelloWorkload : Workload
    {
        private const string Greeting = "Hello, World! (";

        private readonly string _path;
        private readonly byte[] _buffer = new byte[64];

        public HelloWorkload()
        {
            _path = Files.Stat("/dev/hello", out _) >= 0 ? "/dev/hello" : "/dev/helloclone";
        }

        public override string? Round(int trial, int round)
        {
            int fd = Files.Open(_path, OpenFlags.Read);
            if (fd < 0)
                return Failed("hello-open", fd);
            // Reads until the end: the greeting may come in pieces.
            int length = 0, got;
            while (length < _buffer.Length && (got = Files.Read(fd, new System.Span<byte>(_buffer, length, _buffer.Length - length))) != 0)
            {
                if (got < 0)
                {
                    Files.Close(fd);
                    return Failed("hello-read", got);
                }
                length += got;
            }
            Files.Close(fd);
            return Check(length);
        }

        private string? Check(int length)
        {
            int at = 0;
            for (; at < Greeting.Length; at++)
                if (at >= length || _buffer[at] != Greeting[at])
                    return "hello-text@" + at.ToString();
            int digits = at;
            while (at < length && _buffer[at] >= '0' && _buffer[at] <= '9')
                at++;
            if (at == digits || at + 2 != length || _buffer[at] != ')' || _buffer[at + 1] != '\n')
                return "hello-text@" + at.ToString();
            return null;
        }
    }
}
