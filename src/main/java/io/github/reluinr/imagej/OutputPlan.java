package io.github.reluinr.imagej;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every file one run reads and writes, as (parameter name, file) pairs, so that
 * no output can replace an input or another output, and so that the outputs
 * appear all at once.
 *
 * <p>
 * {@link #check()} runs before ND4J starts: each path is resolved canonically
 * (symlinks followed; a file that does not exist yet is its folder's canonical
 * path plus its name) and a write that meets a read or another write is refused
 * with a one-line message naming both parameters. {@link #commit()} runs at the
 * end: every file is written to a hidden temporary file in its own folder,
 * then, under a lock on each target ({@code .NAME.lock} beside it,
 * {@link FileChannel#tryLock}), all are renamed into place with
 * {@link StandardCopyOption#ATOMIC_MOVE}. A reader never sees a half-written
 * file, two runs on the same output end with one run's complete set, and no
 * temporary file outlives the run.
 */
public final class OutputPlan {

	/**
	 * Writes a file's content (to a temporary path; the plan renames it into
	 * place).
	 */
	@FunctionalInterface
	public interface Writer {

		void write(Path target, Path temporary) throws IOException;
	}

	/** A file the run reads: {@code key} is the parameter that names it. */
	public record Read(String key, File file) {
	}

	/**
	 * A file the run writes. {@code key} is the parameter that names it
	 * (output_file also for its PNG preview), {@code what} how messages call it
	 * ("output_file", "the PNG preview of output_file").
	 */
	public record Write(String key, String what, File file, Writer writer) {
	}

	/**
	 * How long a run waits for another run to finish renaming its files onto
	 * the same outputs.
	 */
	static final long LOCK_WAIT_MILLIS = 120_000;

	/**
	 * Temporary files of every plan in this JVM that are not renamed or deleted
	 * yet (a last-chance cleanup).
	 */
	private static final Set<Path> LIVE_TEMPORARIES = ConcurrentHashMap
			.newKeySet();
	/**
	 * Runs in one JVM cannot see each other's file locks (they would throw):
	 * they take turns here.
	 */
	private static final java.util.concurrent.locks.ReentrantLock JVM_COMMIT = new java.util.concurrent.locks.ReentrantLock();
	private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			for (Path p : LIVE_TEMPORARIES) {
				try {
					Files.deleteIfExists(p);
				}
				catch (IOException | RuntimeException ignored) {
					// the JVM is going down: nothing more can be done
				}
			}
		}, "relu-inr temporary files"));
	}

	private final List<Read> reads = new ArrayList<>();
	private final List<Write> writes = new ArrayList<>();

	/** Adds a file the run reads; null or empty is ignored. */
	public OutputPlan read(String key, File file) {
		if (present(file)) reads.add(new Read(key, file));
		return this;
	}

	/** Adds a file the run writes; null or empty is ignored. */
	public OutputPlan write(String key, File file, Writer writer) {
		return write(key, key, file, writer);
	}

	/**
	 * Adds a file the run writes, called {@code what} in messages (e.g. "the
	 * PNG preview of output_file").
	 */
	public OutputPlan write(String key, String what, File file, Writer writer) {
		if (present(file)) writes.add(new Write(key, what, file, writer));
		return this;
	}

	/**
	 * Drops the writes of a parameter: a placeholder checked before the run,
	 * whose real files (model_file's one per plane, method or c) are known only
	 * after it and added then.
	 */
	public void removeWrites(String key) {
		writes.removeIf(w -> w.key().equals(key));
	}

	public List<Read> reads() {
		return List.copyOf(reads);
	}

	public List<Write> writes() {
		return List.copyOf(writes);
	}

	static boolean present(File f) {
		return f != null && !f.getPath().isEmpty();
	}

	/**
	 * The path a file name stands for: symlinks followed; for a file that does
	 * not exist yet, the canonical form of its nearest existing folder plus the
	 * rest of the name.
	 */
	public static Path canonical(File file) {
		Path p = file.toPath().toAbsolutePath().normalize();
		Path missing = null;
		Path cur = p;
		while (cur != null) {
			try {
				Path real = cur.toRealPath();
				return missing == null ? real : real.resolve(missing);
			}
			catch (IOException e) {
				Path name = cur.getFileName();
				if (name == null) break;
				missing = missing == null ? name : name.resolve(missing);
				cur = cur.getParent();
			}
		}
		return p;
	}

	private static boolean same(Path a, Path b) {
		if (a.equals(b)) return true;
		try {
			// hard links and case-insensitive file systems: the same file under two names
			return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
		}
		catch (IOException e) {
			return false;
		}
	}

	/**
	 * Refuses a write that meets a read or another write (one line naming both
	 * parameters).
	 */
	public void check() {
		List<Path> writePaths = new ArrayList<>();
		for (Write w : writes)
			writePaths.add(canonical(w.file()));
		for (int i = 0; i < writes.size(); i++) {
			Path wp = writePaths.get(i);
			for (Read r : reads) {
				Path rp = canonical(r.file());
				if (same(wp, rp)) {
					throw new InvalidInputException(writes.get(i).what()
							+ " would overwrite " + r.key() + " (" + rp
							+ "): choose another " + writes.get(i).key()
							+ "; inputs are never written");
				}
			}
			for (int j = 0; j < i; j++) {
				if (same(wp, writePaths.get(j))) {
					Write a = writes.get(j), b = writes.get(i);
					throw new InvalidInputException(a.what() + " and "
							+ b.what() + " are the same file (" + wp
							+ "): give each output its own name");
				}
			}
		}
	}

	/**
	 * Writes every file to a temporary file beside it, then renames them all
	 * into place while holding a lock on each target. On any failure no
	 * temporary file is left and no target is half-written.
	 */
	public void commit() throws IOException {
		List<Path> targets = new ArrayList<>();
		for (Write w : writes)
			targets.add(canonical(w.file()));
		List<Path> temporaries = new ArrayList<>();
		try {
			for (int i = 0; i < writes.size(); i++) {
				Path target = targets.get(i);
				Files.createDirectories(target.getParent());
				Path tmp = temporaryFor(target);
				temporaries.add(tmp);
				if (writes.get(i).writer() instanceof UnderLock) continue; // written below, under the lock
				writes.get(i).writer().write(target, tmp);
				force(tmp);
			}
			JVM_COMMIT.lock();
			try {
				List<Lock> locks = lockAll(targets);
				try {
					// the writers may need the previous content of their target (a CSV that is appended to):
					// give them a second pass under the lock
					for (int i = 0; i < writes.size(); i++) {
						if (writes.get(i).writer() instanceof UnderLock u) {
							u.rewrite(targets.get(i), temporaries.get(i));
							force(temporaries.get(i));
						}
					}
					for (int i = 0; i < writes.size(); i++) {
						move(temporaries.get(i), targets.get(i));
						LIVE_TEMPORARIES.remove(temporaries.get(i));
					}
					for (Path dir : targets.stream().map(Path::getParent)
							.distinct().toList())
						forceFolder(dir);
				}
				finally {
					for (int i = locks.size() - 1; i >= 0; i--)
						locks.get(i).release();
				}
			}
			finally {
				JVM_COMMIT.unlock();
			}
		}
		finally {
			for (Path tmp : temporaries) {
				try {
					Files.deleteIfExists(tmp);
				}
				catch (IOException ignored) {
					// best effort; the shutdown hook tries again
				}
				if (!Files.exists(tmp, LinkOption.NOFOLLOW_LINKS))
					LIVE_TEMPORARIES.remove(tmp);
			}
		}
	}

	/**
	 * For a JVM about to exit (a second Ctrl-C): waits up to {@code millis} for
	 * a set being renamed into place to finish, then keeps any other set from
	 * starting, so that a set is on disk whole or not at all.
	 */
	public static void holdRenamesForExit(long millis) {
		try {
			JVM_COMMIT.tryLock(millis,
					java.util.concurrent.TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * A writer whose content depends on the target's current content: rewritten
	 * while the target is locked.
	 */
	public interface UnderLock extends Writer {

		void rewrite(Path target, Path temporary) throws IOException;

		@Override
		default void write(Path target, Path temporary) throws IOException {
			rewrite(target, temporary);
		}
	}

	/**
	 * {@code .NAME.<random>.tmp.EXT}: hidden, in the target's folder (so the
	 * rename stays on one file system).
	 */
	static Path temporaryFor(Path target) throws IOException {
		String name = target.getFileName().toString();
		int dot = name.lastIndexOf('.');
		String ext = dot > 0 ? name.substring(dot) : "";
		// createFile, not createTempFile: the result gets the usual permissions (umask), not owner-only
		for (int attempt = 0;; attempt++) {
			Path tmp = target.resolveSibling("." + name + "."
					+ Long.toUnsignedString(RANDOM.nextLong()) + ".tmp" + ext);
			try {
				Files.createFile(tmp);
			}
			catch (java.nio.file.FileAlreadyExistsException e) {
				if (attempt < 100) continue;
				throw e;
			}
			LIVE_TEMPORARIES.add(tmp);
			try {
				// replacing a file keeps its permissions, as writing over it would
				if (Files.exists(target))
					Files.setPosixFilePermissions(tmp,
							Files.getPosixFilePermissions(target));
			}
			catch (UnsupportedOperationException | IOException ignored) {
				// not a POSIX file system, or not our file: the default permissions stay
			}
			return tmp;
		}
	}

	/**
	 * True for the names {@link #temporaryFor} and the lock files use (tests
	 * look for leftovers).
	 */
	public static boolean isWorkFile(String name) {
		return name.startsWith(".") && (name.matches("\\..+\\.[0-9]+\\.tmp.*")
				|| name.endsWith(".lock"));
	}

	private static void move(Path tmp, Path target) throws IOException {
		try {
			Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE,
					StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException e) {
			// same folder, so this should not happen; a plain replace is the best left
			Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	private static void force(Path file) {
		try (FileChannel ch = FileChannel.open(file,
				StandardOpenOption.WRITE))
		{
			ch.force(true);
		}
		catch (IOException ignored) {
			// the data is written; only its durability across a power cut is not assured
		}
	}

	private static void forceFolder(Path dir) {
		try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
			ch.force(true);
		}
		catch (IOException | RuntimeException ignored) {
			// not every platform can sync a folder
		}
	}

	/** A held lock on {@code .NAME.lock} beside one target. */
	private record Lock(Path file, FileChannel channel, FileLock lock) {

		void release() {
			try {
				// delete while still holding the lock: a run waiting on this file sees it gone and retries
				Files.deleteIfExists(file);
			}
			catch (IOException ignored) {
				// a lock file left behind is harmless: the next run locks it again
			}
			try {
				lock.release();
			}
			catch (IOException ignored) {
				// closing the channel releases it too
			}
			try {
				channel.close();
			}
			catch (IOException ignored) {
				// nothing more to release
			}
		}
	}

	/**
	 * Locks every distinct target, in one global order (by path) so that two
	 * runs cannot deadlock.
	 */
	private static List<Lock> lockAll(List<Path> targets) throws IOException {
		List<Path> order = targets.stream().distinct()
				.sorted(Comparator.comparing(Path::toString)).toList();
		List<Lock> held = new ArrayList<>();
		try {
			for (Path t : order)
				held.add(lock(t));
		}
		catch (IOException | RuntimeException e) {
			for (Lock l : held)
				l.release();
			throw e;
		}
		return held;
	}

	static Path lockFileFor(Path target) {
		return target.resolveSibling("." + target.getFileName() + ".lock");
	}

	private static Lock lock(Path target) throws IOException {
		Path lockFile = lockFileFor(target);
		long deadline = System.nanoTime() + LOCK_WAIT_MILLIS * 1_000_000L;
		while (true) {
			FileChannel ch = FileChannel.open(lockFile,
					StandardOpenOption.CREATE, StandardOpenOption.WRITE);
			Object opened = fileKey(lockFile);
			FileLock lock = null;
			try {
				lock = ch.tryLock();
			}
			catch (OverlappingFileLockException e) {
				lock = null;
			}
			if (lock != null) {
				// the holder before us deletes the file before releasing it: then ours is a stale inode
				Object now = fileKey(lockFile);
				boolean current = opened == null
						? Files.exists(lockFile)
						: Objects.equals(opened, now);
				if (current) return new Lock(lockFile, ch, lock);
				lock.release();
			}
			ch.close();
			if (System.nanoTime() > deadline) {
				throw new IOException("another run is writing " + target
						+ " (lock " + lockFile.getFileName() + " held for "
						+ LOCK_WAIT_MILLIS / 1000
						+ " s); try again when it has finished");
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IOException(
						"interrupted while waiting for another run to finish writing "
								+ target);
			}
		}
	}

	private static Object fileKey(Path p) {
		try {
			return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
		}
		catch (IOException e) {
			return null;
		}
	}

	/** Writes bytes to a path (a writer's usual last step). */
	public static void writeBytes(Path path, byte[] bytes) throws IOException {
		try (OutputStream out = Files.newOutputStream(path,
				StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))
		{
			out.write(bytes);
		}
	}

	/** Lower-case file name extension including the dot, or "" . */
	static String extension(File f) {
		String n = f.getName();
		int dot = n.lastIndexOf('.');
		return dot > 0 ? n.substring(dot).toLowerCase(Locale.ROOT) : "";
	}
}
