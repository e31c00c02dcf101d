"""What people upload, read: a spreadsheet of units and managers (sheet), what an evidence file
really is (filecheck). Pure: bytes in, data and problems out; the store decides what they mean."""
