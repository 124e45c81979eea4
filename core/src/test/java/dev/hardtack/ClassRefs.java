package dev.hardtack;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one compiled class refers to, read from its constant pool: the classes it names and the fields and
 * methods it calls. A few dozen lines of the class-file format (JVMS chapter 4.4) instead of a bytecode library.
 */
final class ClassRefs {
  /** A field or method reference: {@code owner.name descriptor}, with slashes in class names. */
  record Member(String owner, String name, String descriptor) {
    @Override
    public String toString() {
      return owner.replace('/', '.') + "." + name + descriptor;
    }
  }

  final String className;
  final Set<String> classes = new LinkedHashSet<>();
  final List<Member> members = new ArrayList<>();
  /** Every UTF-8 constant: names, descriptors and signatures, where a type can also appear. */
  final Set<String> utf8 = new LinkedHashSet<>();

  private ClassRefs(String className) {
    this.className = className;
  }

  static ClassRefs read(Path classFile) throws IOException {
    try (InputStream in = Files.newInputStream(classFile)) {
      return read(new DataInputStream(in));
    }
  }

  private static ClassRefs read(DataInputStream in) throws IOException {
    if (in.readInt() != 0xCAFEBABE) {
      throw new IOException("not a class file");
    }
    in.readUnsignedShort(); // minor
    in.readUnsignedShort(); // major
    int count = in.readUnsignedShort();
    int[] tags = new int[count];
    String[] strings = new String[count];
    int[] first = new int[count];
    int[] second = new int[count];
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      tags[i] = tag;
      switch (tag) {
        case 1 -> strings[i] = in.readUTF();
        case 3, 4 -> in.readInt();
        case 5, 6 -> {
          in.readLong();
          i++; // eight-byte constants take two slots
        }
        case 7, 8, 16, 19, 20 -> first[i] = in.readUnsignedShort();
        case 9, 10, 11, 12, 17, 18 -> {
          first[i] = in.readUnsignedShort();
          second[i] = in.readUnsignedShort();
        }
        case 15 -> {
          in.readUnsignedByte();
          first[i] = in.readUnsignedShort();
        }
        default -> throw new IOException("unknown constant pool tag " + tag + " at " + i);
      }
    }
    in.readUnsignedShort(); // access flags
    int thisClass = in.readUnsignedShort();
    ClassRefs refs = new ClassRefs(strings[first[thisClass]].replace('/', '.'));
    for (int i = 1; i < count; i++) {
      switch (tags[i]) {
        case 1 -> refs.utf8.add(strings[i]);
        case 7 -> refs.classes.add(strings[first[i]]);
        case 9, 10, 11 -> {
          int nameAndType = second[i];
          refs.members.add(new Member(
              strings[first[first[i]]], strings[first[nameAndType]], strings[second[nameAndType]]));
        }
        default -> { }
      }
    }
    return refs;
  }

  /** Whether the class names {@code internalName} (for example {@code java/util/Random}) anywhere. */
  boolean mentionsType(String internalName) {
    if (classes.contains(internalName)) {
      return true;
    }
    String inDescriptor = "L" + internalName + ";";
    for (String s : utf8) {
      if (s.contains(inDescriptor)) {
        return true;
      }
    }
    return false;
  }
}
