using System;
using Minix3.Cosmos.Commands.Sh;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Shell
{
    // Runs one program: fork, set up descriptors 0, 1 and 2 in the child,
    // exec, wait. The interpreter runs a pipeline's stages one after the
    // other with in-memory buffers between them, so a stream here is either
    // a descriptor (the console, a redirected file), handed to the child
    // as is, or a buffer of the shell's:
    // - an input buffer is fed to the child through a pipe by a forked
    //   feeder process, which blocks on the pipe while the child reads;
    // - an output buffer is filled from a pipe the shell reads until end of
    //   file while the child runs.
    // Neither side waits for the other with a full pipe, so `cat big | cksum`
    // works whatever the pipe's capacity.
    internal sealed class ExternalCommand
    {
        private readonly PosixHost _host;

        internal ExternalCommand(PosixHost host) { _host = host; }

        internal bool Run(ShellInvocation invocation, out int exitStatus)
        {
            exitStatus = 0;
            string name = invocation.Arguments[0];
            bool bare = name.IndexOf('/') < 0;
            string path = bare ? "/bin/" + name : name;
            if (name.Length == 0)
                return false;
            int found = Files.Stat(path, out FileStatus status);
            if (found >= 0 ? status.Kind == FileKind.Directory : !bare || found == FileSystemStatus.NotFound || found == FileSystemStatus.NotADirectory)
                return false;
            // Found, or a bare name on a file system that cannot answer (not
            // mounted, failing disk): PM then takes /bin's programs from the
            // boot image, so a broken root disk still leaves working commands.

            var plumbing = new Plumbing();
            int child = 0;
            bool waited = false;
            try
            {
                plumbing.Input = ConnectInput(invocation.Input, plumbing);
                plumbing.Output = ConnectOutput(invocation.Output, plumbing, out plumbing.OutputRead);
                if (ReferenceEquals(invocation.Error, invocation.Output))
                    plumbing.Error = plumbing.Output;
                else if (invocation.Error is DescriptorStream || plumbing.OutputRead < 0)
                    plumbing.Error = ConnectOutput(invocation.Error, plumbing, out plumbing.ErrorRead);
                else
                    // Both output and error go to (different) buffers: reading
                    // two pipes one after the other could deadlock, so errors
                    // go to the console instead.
                    plumbing.Error = Files.StandardError;

                child = Processes.Fork();
                if (child < 0)
                    throw new InvalidOperationException("cannot fork: " + Processes.ErrorText(child));
                if (child == 0)
                    ExecChild(path, invocation, plumbing);

                // The child holds its ends now; EOF on our read ends needs ours closed.
                plumbing.CloseChildEnds();
                Collect(plumbing.OutputRead, invocation.Output, child);
                Collect(plumbing.ErrorRead, invocation.Error, child);
                waited = true;
                exitStatus = WaitFor(child);
                return true;
            }
            finally
            {
                // Also after a failure: no pipe end stays open and no child
                // (or feeder) is left a zombie.
                plumbing.CloseAll();
                if (child > 0 && !waited)
                    WaitQuietly(child);
                if (plumbing.Feeder > 0)
                    WaitQuietly(plumbing.Feeder);
            }
        }

        private int ConnectInput(IShellInput input, Plumbing plumbing)
        {
            if (input is DescriptorStream stream)
                return stream.Descriptor;
            byte[] data = Drain(input, out int length);
            Check(Files.Pipe(out int read, out int write), "pipe");
            plumbing.Own(read, true);
            if (length > 0)
            {
                int feeder = Processes.Fork();
                if (feeder == 0)
                    Feed(read, write, data, length);
                if (feeder < 0)
                {
                    Files.Close(write);
                    throw new InvalidOperationException("cannot fork: " + Processes.ErrorText(feeder));
                }
                plumbing.Feeder = feeder;
            }
            // Closed before the command is forked, so only the feeder holds
            // the write end and the command sees end of file after the data.
            Files.Close(write);
            return read;
        }

        private static int ConnectOutput(IShellOutput output, Plumbing plumbing, out int readEnd)
        {
            readEnd = -1;
            if (output is DescriptorStream stream)
                return stream.Descriptor;
            Check(Files.Pipe(out int read, out int write), "pipe");
            plumbing.Own(read, false);
            plumbing.Own(write, true);
            readEnd = read;
            return write;
        }

        // The feeder: a fork of the shell whose only work is to write the
        // buffer into the pipe and end. A reader that stops early closes the
        // pipe; the write then fails and the feeder ends too.
        private static void Feed(int read, int write, byte[] data, int length)
        {
            Files.Close(read);
            var rest = new ReadOnlySpan<byte>(data, 0, length);
            while (rest.Length > 0)
            {
                int written = Files.Write(write, rest);
                if (written <= 0)
                    break;
                rest = rest.Slice(written);
            }
            Files.Close(write);
            Processes.Exit(0);
        }

        // In the child: fresh copies first, so that a target never clobbers
        // a source still to be copied (`cmd <&1 >&0`), then 0, 1, 2, then
        // every other descriptor the shell holds is closed before exec.
        private void ExecChild(string path, ShellInvocation invocation, Plumbing plumbing)
        {
            int input = Files.Dup(plumbing.Input);
            int output = Files.Dup(plumbing.Output);
            int error = Files.Dup(plumbing.Error);
            bool ok = input >= 0 && output >= 0 && error >= 0 &&
                      Files.Dup2(input, 0) >= 0 && Files.Dup2(output, 1) >= 0 && Files.Dup2(error, 2) >= 0;
            Files.Close(input);
            Files.Close(output);
            Files.Close(error);
            plumbing.CloseAll();
            foreach (int fd in _host.Opened)
                Files.Close(fd);
            if (_host.IgnoresInterrupt)
                Processes.IgnoreSignal(Signal.Interrupt, false);
            string reason = "cannot set up descriptors";
            if (ok)
            {
                int result = Processes.Exec(path, invocation.Arguments, invocation.Environment);
                reason = Processes.ErrorText(result);
            }
            _host.Console2.Write(Utf8.Encode("sh: " + invocation.Arguments[0] + ": cannot execute: " + reason + "\n"));
            Processes.Exit(126);
        }

        // Copies a pipe into the interpreter's buffer until the child closes
        // it. A buffer that refuses more (the shell's pipe limit) ends the
        // copy; closing our end then makes the child's writes fail.
        private static void Collect(int readEnd, IShellOutput output, int child)
        {
            if (readEnd < 0)
                return;
            byte[] chunk = new byte[4096];
            int count;
            while ((count = Files.Read(readEnd, chunk)) > 0)
            {
                try
                {
                    output.Write(new ReadOnlySpan<byte>(chunk, 0, count));
                }
                catch (Exception)
                {
                    Processes.Kill(child, Signal.Pipe);
                    throw;
                }
            }
        }

        // The child's exit status, or 128 + signal (PM's encoding, as sh's).
        private static int WaitFor(int pid)
        {
            int status = 0;
            int result;
            while ((result = Processes.Wait(pid, out status)) != pid)
            {
                if (result < 0)
                    throw new InvalidOperationException("cannot wait: " + Processes.ErrorText(result));
            }
            return status;
        }

        private static void WaitQuietly(int pid)
        {
            try
            {
                WaitFor(pid);
            }
            catch (InvalidOperationException)
            {
            }
        }

        private static byte[] Drain(IShellInput input, out int length)
        {
            byte[] data = new byte[input is ShellBuffer buffer ? Math.Max(buffer.Length, 16) : 4096];
            length = 0;
            while (true)
            {
                if (length == data.Length)
                {
                    byte[] bigger = new byte[data.Length * 2];
                    Array.Copy(data, 0, bigger, 0, length);
                    data = bigger;
                }
                int count = input.Read(new Span<byte>(data, length, data.Length - length));
                if (count <= 0)
                    return data;
                length += count;
            }
        }

        private static void Check(int result, string what)
        {
            if (result < 0)
                throw new InvalidOperationException("cannot make a " + what + ": " + Files.ErrorText(result));
        }
    }
}
