using System.Collections.Generic;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Shell
{
    // The descriptors of one external command being started: which ones
    // become its 0, 1 and 2, the read ends the shell collects from, the
    // feeder's pid, and every pipe end the shell made for it, so each is
    // closed exactly once whatever fails.
    internal sealed class Plumbing
    {
        private readonly List<int> _childEnds = new List<int>();
        private readonly List<int> _all = new List<int>();

        internal int Input;
        internal int Output;
        internal int Error;
        internal int OutputRead = -1;
        internal int ErrorRead = -1;
        internal int Feeder;

        // childEnd: an end only the child uses (the shell closes it once
        // the child is forked).
        internal void Own(int descriptor, bool childEnd)
        {
            _all.Add(descriptor);
            if (childEnd)
                _childEnds.Add(descriptor);
        }

        internal void CloseChildEnds()
        {
            foreach (int fd in _childEnds)
                Close(fd);
            _childEnds.Clear();
        }

        internal void CloseAll()
        {
            foreach (int fd in _all)
                Files.Close(fd);
            _all.Clear();
            _childEnds.Clear();
        }

        private void Close(int fd)
        {
            if (_all.Remove(fd))
                Files.Close(fd);
        }
    }
}
