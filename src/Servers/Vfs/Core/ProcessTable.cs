using System.Collections.Generic;

namespace Minix3.Cosmos.Servers.Vfs.Core
{
    // What VFS keeps per process: descriptors and working directory.
    public sealed class ProcessFiles
    {
        public ProcessFiles(DescriptorTable descriptors, string workingDirectory)
        {
            Descriptors = descriptors;
            WorkingDirectory = workingDirectory;
        }

        public DescriptorTable Descriptors { get; }
        public string WorkingDirectory { get; set; }
    }


    // Processes by endpoint. A process VFS has never seen starts with no
    // descriptors and "/" (it is created on its first call); PM's notices
    // copy a parent's state into a child and drop an exited process's.
    public sealed class ProcessTable
    {
        private readonly Dictionary<int, ProcessFiles> _processes = new Dictionary<int, ProcessFiles>();

        public int Count => _processes.Count;

        public bool Knows(int endpoint) => _processes.ContainsKey(endpoint);

        public ProcessFiles Get(int endpoint)
        {
            if (_processes.TryGetValue(endpoint, out ProcessFiles? files))
                return files;
            files = new ProcessFiles(new DescriptorTable(), "/");
            _processes[endpoint] = files;
            return files;
        }

        // The child shares the parent's open files and starts in its
        // directory. A stale entry under the child's endpoint is closed
        // first; its released descriptions are returned (peers to wake).
        public List<OpenFile> Fork(int parent, int child)
        {
            List<OpenFile> released = Exit(child);
            ProcessFiles source = Get(parent);
            _processes[child] = new ProcessFiles(source.Descriptors.Copy(), source.WorkingDirectory);
            return released;
        }

        // Closes everything the process had; the descriptions that lost
        // their last reference.
        public List<OpenFile> Exit(int endpoint)
        {
            if (!_processes.TryGetValue(endpoint, out ProcessFiles? files))
                return new List<OpenFile>();
            _processes.Remove(endpoint);
            return files.Descriptors.RemoveAll();
        }
    }
}
