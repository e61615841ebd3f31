using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Vfs.Core;

namespace Minix3.Cosmos.Servers.Vfs.Handlers
{
    // Close, Dup, Dup2 and Pipe: the caller's descriptor table only.
    internal static unsafe class DescriptorHandler
    {
        public static int Close(Server server, Message* request) =>
            server.CloseDescriptor(server.Caller(request), request->Word0);

        // Word0 fd -> Word0 the lowest free descriptor, naming the same open file.
        public static int Dup(Server server, Message* request, Message* reply)
        {
            int status = server.Descriptor(request, request->Word0, out OpenFile file);
            if (status != Status.Ok)
                return status;
            int fd = server.Caller(request).Descriptors.Install(file);
            if (fd < 0)
                return fd;
            reply->Word0 = fd;
            return Status.Ok;
        }

        // Word0 fd, Word1 target -> Word0 target, closed first if open
        // (nothing happens when they are the same).
        public static int Dup2(Server server, Message* request, Message* reply)
        {
            int status = server.Descriptor(request, request->Word0, out OpenFile file);
            if (status != Status.Ok)
                return status;
            long target = request->Word1;
            if (!DescriptorTable.InRange(target))
                return VfsStatus.BadDescriptor;
            ProcessFiles process = server.Caller(request);
            if (target != request->Word0)
            {
                if (process.Descriptors.Get(target) != null)
                    server.CloseDescriptor(process, target);
                process.Descriptors.InstallAt((int)target, file);
            }
            reply->Word0 = target;
            return Status.Ok;
        }

        // -> Word0 the read end, Word1 the write end; Busy when VFS holds
        // its most pipes, TooManyOpen without two free descriptors.
        public static int Pipe(Server server, Message* request, Message* reply)
        {
            DescriptorTable descriptors = server.Caller(request).Descriptors;
            PipeBuffer? pipe = server.Pipes.Create();
            if (pipe == null)
                return VfsStatus.Busy;
            OpenFile read = OpenFile.ForPipe(pipe, true), write = OpenFile.ForPipe(pipe, false);
            int readEnd = descriptors.Install(read);
            int writeEnd = readEnd < 0 ? readEnd : descriptors.Install(write);
            if (writeEnd < 0)
            {
                // Undo: both ends closed, the pipe forgotten.
                if (readEnd >= 0)
                    descriptors.Remove(readEnd, out bool _);
                else
                    read.DropUnused();
                write.DropUnused();
                server.Pipes.Released(write);
                return writeEnd;
            }
            reply->Word0 = readEnd;
            reply->Word1 = writeEnd;
            return Status.Ok;
        }
    }
}
