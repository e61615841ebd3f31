using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Bench.Components.SwifiAgent
{
    // Lines from a terminal (tty's canonical mode hands over a line per
    // read), each wait bounded with poll: Next gives the next line without
    // its end, or null when none came by the deadline (`Problem` then says
    // "timeout", or the failed call).
    public sealed class TerminalLines
    {
        private readonly int _fd;
        private readonly byte[] _read = new byte[256];
        private readonly char[] _line = new char[256];
        private int _length;
        private readonly System.Collections.Generic.Queue<string> _ready = new System.Collections.Generic.Queue<string>();

        public TerminalLines(int fd) => _fd = fd;

        public string Problem { get; private set; } = "";

        public string? Next(long deadlineMs)
        {
            while (_ready.Count == 0)
            {
                long left = deadlineMs - Lib.Sys.Process.UptimeMs();
                if (left <= 0)
                    return Stop("timeout");
                var poll = new PollEntry[1];
                poll[0].Descriptor = _fd;
                poll[0].Requested = SelectEvents.Readable;
                int ready = Files.Poll(poll, (int)left);
                if (ready < 0)
                    return Stop("poll:" + ready.ToString());
                if (ready == 0)
                    return Stop("timeout");
                int got = Files.Read(_fd, _read);
                if (got < 0)
                    return Stop("read:" + got.ToString());
                Split(got);
            }
            return _ready.Dequeue();
        }

        // Bytes into lines at '\n' or '\r'; empty lines are dropped.
        private void Split(int count)
        {
            for (int i = 0; i < count; i++)
            {
                byte b = _read[i];
                if (b == '\n' || b == '\r')
                {
                    if (_length > 0)
                        _ready.Enqueue(new string(_line, 0, _length));
                    _length = 0;
                }
                else if (_length < _line.Length)
                    _line[_length++] = b < 0x20 || b > 0x7E ? '?' : (char)b;
            }
        }

        private string? Stop(string problem)
        {
            Problem = problem;
            return null;
        }
    }
}
