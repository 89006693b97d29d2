# ctnn_use_exported_header(<consumer> <exporter> <header> <comment>): at build time, runs the
# program <exporter> with a directory, where it writes <header> (a network exported by
# ctnn::export_header), and compiles <consumer> against that header, so that the header's
# static_asserts are proven by the build. Used by the examples and the tests.
function(ctnn_use_exported_header consumer exporter header comment)
  set(dir ${CMAKE_CURRENT_BINARY_DIR}/generated)
  add_custom_command(OUTPUT ${dir}/${header}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
    COMMAND ${exporter} ${dir}
    DEPENDS ${exporter}
    COMMENT "${comment}")
  target_sources(${consumer} PRIVATE ${dir}/${header})
  target_include_directories(${consumer} PRIVATE ${dir})
endfunction()
