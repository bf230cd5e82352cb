/**
 * Where reports go: a file, or stdout for `-`. A path the user got wrong (a folder, a path under a
 * file, a read-only or special file system) is a usage error, "cannot write <path>: <why>", found
 * before the review runs ({@link checkWritable}) and again when writing; a temporary file is never
 * left behind.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { UsageError } from "../errors";

/** `-` means stdout. */
export const STDOUT = "-";

/** Pseudo file systems no report belongs in. */
const SPECIAL = ["/proc", "/sys", "/dev"];

function cannot(file: string, why: string): UsageError {
  return new UsageError(`cannot write ${file}: ${why}`);
}

function why(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EROFS":
      return "read-only file system";
    case "ENOTDIR":
      return "a part of the path is a file, not a folder";
    case "EISDIR":
      return "it is a folder";
    case "ENOSPC":
      return "no space left on the device";
    case "ENAMETOOLONG":
      return "the name is too long";
    default:
      return e.code ?? e.message;
  }
}

/**
 * Checks that `file` can be written, without writing it: not a folder, not under a file, not on a
 * special file system, its folder creatable and writable. Throws a {@link UsageError}.
 */
export function checkWritable(file: string): void {
  if (file === STDOUT) {
    return;
  }
  if (file.trim() === "") {
    throw cannot(JSON.stringify(file), "the path is empty");
  }
  const abs = path.resolve(file);
  if (SPECIAL.some((p) => abs === p || abs.startsWith(`${p}/`))) {
    throw cannot(file, `/${abs.split("/")[1]} is a system file system, not a place for reports`);
  }
  if (file.endsWith("/") || file.endsWith(path.sep)) {
    throw cannot(file, "it names a folder; give a file name");
  }
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(abs);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOTDIR") {
      throw cannot(file, why(err));
    }
  }
  if (st?.isDirectory()) {
    throw cannot(file, "it is a folder");
  }
  // The nearest existing ancestor must be a folder we may write in.
  let dir = path.dirname(abs);
  for (;;) {
    let d: fs.Stats | undefined;
    try {
      d = fs.statSync(dir);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOTDIR") {
        throw cannot(file, why(err));
      }
      if (code !== "ENOENT") {
        throw cannot(file, why(err));
      }
    }
    if (d !== undefined) {
      if (!d.isDirectory()) {
        throw cannot(file, `${path.relative(process.cwd(), dir) || dir} is a file, not a folder`);
      }
      try {
        fs.accessSync(dir, fs.constants.W_OK);
      } catch (err) {
        throw cannot(file, why(err));
      }
      if (st !== undefined) {
        try {
          fs.accessSync(abs, fs.constants.W_OK);
        } catch (err) {
          throw cannot(file, why(err));
        }
      }
      return;
    }
    const up = path.dirname(dir);
    if (up === dir) {
      return;
    }
    dir = up;
  }
}

/**
 * Writes a report: `-` to `stdout`, else to the file through a temporary file in the same folder
 * (renamed into place, removed if anything fails), so a reader never sees half a report.
 */
export function writeOutput(
  file: string,
  write: (chunk: (text: string) => void) => void,
  stdout: (text: string) => void,
): void {
  if (file === STDOUT) {
    write(stdout);
    return;
  }
  checkWritable(file);
  const abs = path.resolve(file);
  try {
    fs.mkdirSync(path.dirname(abs), { recursive: true });
  } catch (err) {
    throw cannot(file, why(err));
  }
  const tmp = path.join(path.dirname(abs), `.${path.basename(abs)}.tmp-${process.pid}`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, "w");
    const out = fd;
    write((text) => {
      fs.writeSync(out, text);
    });
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, abs);
  } catch (err) {
    if (fd !== undefined) {
      fs.closeSync(fd);
    }
    fs.rmSync(tmp, { force: true });
    throw err instanceof UsageError ? err : cannot(file, why(err));
  }
}
